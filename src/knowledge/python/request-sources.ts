// Where Python web frameworks hand a handler the client's data, in one place: the value flow
// marks values read from these as request data, whatever the rule that asks.
//   Flask/Quart:  request.args, .form, .values, .json, .data, .files, .cookies, .headers, .get_json()
//   Django:       request.GET, .POST, .body, .COOKIES, .META, .FILES (and the old .REQUEST, DRF's old .DATA)
//   DRF:          request.data, .query_params
//   aiohttp:      request.query, .match_info, await request.json() / .post() / .text()
//   Starlette:    request.query_params, .path_params, await request.json() / .form() / .body()
//   FastAPI:      parameters declared with Query(), Body(), Form(), Path(), Header(), Cookie(), File()

/** Attributes of a request object that hold client data. */
const REQUEST_ATTRIBUTES = new Set([
  "args",
  "form",
  "values",
  "json",
  "data",
  "files",
  "cookies",
  "headers",
  "GET",
  "POST",
  "body",
  "COOKIES",
  "META",
  "FILES",
  "query_params",
  "query",
  "match_info",
  "path_params",
  "REQUEST",
  "DATA",
]);

/** Methods of a request object that return client data. */
const REQUEST_METHODS = new Set(["get_json", "get_data", "json", "post", "text", "form", "body", "read"]);

/** Methods that copy request data into a plain dict: `request.POST.dict()`, `request.form.to_dict()`. */
const COPY_METHODS = new Set(["dict", "copy", "to_dict"]);

/** Names a handler's request object goes by. */
const REQUEST_OBJECT = /^(?:self\.)?(?:request|req)$/;

/** A function taking the request object first (`def order_count(request, status)`): a Django view or aiohttp handler. */
export function takesRequestFirst(firstParameter: string | undefined): boolean {
  return firstParameter !== undefined && REQUEST_OBJECT.test(firstParameter);
}

/** FastAPI's parameter declarations that take the value from the request. */
export const REQUEST_PARAMETER_DEFAULTS = new Set(["Query", "Body", "Form", "Path", "Header", "Cookie", "File"]);

/** `request.args`, `request.GET` and the like: the receiver as written, then the attribute. */
export function isRequestAttribute(receiver: string, attribute: string): boolean {
  return REQUEST_OBJECT.test(receiver) && REQUEST_ATTRIBUTES.has(attribute);
}

/** `request.POST.dict()`, `request.json.copy()`: the receiver (`request.POST`) as written, then the method. */
export function isRequestCopy(receiver: string, method: string): boolean {
  const dot = receiver.lastIndexOf(".");
  return dot > 0 && COPY_METHODS.has(method) && isRequestAttribute(receiver.slice(0, dot), receiver.slice(dot + 1));
}

/** `request.get_json()`, `await request.json()` and the like. */
export function isRequestMethod(receiver: string, method: string): boolean {
  return REQUEST_OBJECT.test(receiver) && REQUEST_METHODS.has(method);
}

/**
 * The request's Origin header as Python frameworks expose it: `request.headers.get("Origin")`,
 * `request.headers["origin"]`, Django's `request.META.get("HTTP_ORIGIN")`, WSGI `environ["HTTP_ORIGIN"]`.
 */
export const REQUEST_ORIGIN = /\b(?:headers|META|environ)\s*(?:\.get\s*\(\s*|\[\s*)[rbu]?["'](?:origin|HTTP_ORIGIN)["']/i;

/**
 * An AWS Lambda handler's parameters, `def handler(event, context)`: the event is the client's
 * request (API Gateway puts `body`, `queryStringParameters`, `pathParameters` and `headers` in it).
 */
export function lambdaEventParameter(parameters: readonly string[]): string | undefined {
  const [event, context] = parameters;
  return event && context && /^(?:event|evt)$/.test(event) && /^_?(?:context|ctx|lambda_context)$/.test(context) ? event : undefined;
}
