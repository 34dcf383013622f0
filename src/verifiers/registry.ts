// Every verifier the gate runs. Adding one: write src/verifiers/<lang>/<name>.ts exporting
// `verifier`, its metadata in rules/verifiers/<lang>/<name>.yml, its table in
// test/verifiers/<lang>/<name>.test.ts, and list it here (a test checks all three agree).
import { loadCatalogue, type Catalogue } from "../engine/catalogue.js";
import type { Verifier, VerifierModule } from "./types.js";
import { checkMessageIds, reportingDeclaredIds } from "./message-ids.js";
import { verifier as gateTamper } from "./any/gate-tamper.js";
import { verifier as hardcodedCredentials } from "./any/hardcoded-credentials.js";
import { verifier as secretOnCommandLine } from "./any/secret-on-command-line.js";
import { verifier as secretInLog } from "./any/secret-in-log.js";
import { verifier as committedEnvFile } from "./any/committed-env-file.js";
import { verifier as remoteScriptExec } from "./any/remote-script-exec.js";
import { verifier as unverifiedDownload } from "./any/unverified-download.js";
import { verifier as unpinnedAction } from "./any/unpinned-action.js";
import { verifier as workflowInjection } from "./any/workflow-injection.js";
import { verifier as installScript } from "./any/install-script.js";
import { verifier as worldWritable } from "./any/world-writable.js";
import { verifier as workflowPermissions } from "./any/workflow-permissions.js";
import { verifier as privilegedContainer } from "./any/privileged-container.js";
import { verifier as publicCloudResource } from "./any/public-cloud-resource.js";
import { verifier as sudoersNopasswd } from "./any/sudoers-nopasswd.js";
import { verifier as containerRoot } from "./any/container-root.js";
import { verifier as dockerBuildSecret } from "./any/docker-build-secret.js";
import { verifier as suppressionMarker } from "./any/suppression-marker.js";
import { verifier as testTamper } from "./any/test-tamper.js";
import { verifier as deletedGuard } from "./any/deleted-guard.js";
import { verifier as pySqlInjection } from "./python/sql-injection.js";
import { verifier as pyOrmSessionLeak } from "./python/orm-session-leak.js";
import { verifier as pyAsyncSyncOrm } from "./python/async-sync-orm.js";
import { verifier as pyDetachedInstance } from "./python/detached-instance.js";
import { verifier as pyUnboundedWrite } from "./python/unbounded-write.js";
import { verifier as pyOrmBooleanOperator } from "./python/orm-boolean-operator.js";
import { verifier as pyMassAssignment } from "./python/mass-assignment.js";
import { verifier as pyJwtVerification } from "./python/jwt-verification.js";
import { verifier as pyCsrfDisabled } from "./python/csrf-disabled.js";
import { verifier as pyDjangoMiddlewareOrder } from "./python/django-middleware-order.js";
import { verifier as pyDrfAllowAny } from "./python/drf-allow-any.js";
import { verifier as pyRouteMissingAuth } from "./python/route-missing-auth.js";
import { verifier as pySecretKeyLiteral } from "./python/secret-key-literal.js";
import { verifier as pyTokenPayloadSecret } from "./python/token-payload-secret.js";
import { verifier as pySecretLogged } from "./python/secret-logged.js";
import { verifier as pyPasswordOnCommandLine } from "./python/password-on-command-line.js";
import { verifier as pyDebugEnabled } from "./python/debug-enabled.js";
import { verifier as pyAllowedHostsWildcard } from "./python/allowed-hosts-wildcard.js";
import { verifier as pyTlsVerifyDisabled } from "./python/tls-verify-disabled.js";
import { verifier as pyInsecureCookie } from "./python/insecure-cookie.js";
import { verifier as pyCorsCredentialsWildcard } from "./python/cors-credentials-wildcard.js";
import { verifier as pyCorsAnyOrigin } from "./python/cors-any-origin.js";
import { verifier as pySourceEncoding } from "./python/source-encoding.js";
import { verifier as tsSqlInjection } from "./typescript/sql-injection.js";
import { verifier as tsNosqlInjection } from "./typescript/nosql-injection.js";
import { verifier as tsOrmMisuse } from "./typescript/orm-misuse.js";
import { verifier as tsConnectionLeak } from "./typescript/connection-leak.js";
import { verifier as tsMassAssignment } from "./typescript/mass-assignment.js";
import { verifier as tsAuth } from "./typescript/auth.js";
import { verifier as tsMissingAuth } from "./typescript/missing-auth.js";
import { verifier as tsCsrf } from "./typescript/csrf.js";
import { verifier as tsSecrets } from "./typescript/secrets.js";
import { verifier as tsInfoExposure } from "./typescript/info-exposure.js";
import { verifier as tsTls } from "./typescript/tls.js";
import { verifier as tsCookies } from "./typescript/cookies.js";
import { verifier as tsCors } from "./typescript/cors.js";
import { verifier as tsCorsAnyOrigin } from "./typescript/cors-any-origin.js";
import { verifier as tsDebug } from "./typescript/debug.js";

export const MODULES: VerifierModule[] = [gateTamper, hardcodedCredentials,
  secretOnCommandLine, secretInLog, committedEnvFile, remoteScriptExec, unverifiedDownload, unpinnedAction, workflowInjection, installScript,
  worldWritable, workflowPermissions, privilegedContainer, publicCloudResource, sudoersNopasswd, containerRoot, dockerBuildSecret, suppressionMarker, testTamper,
  deletedGuard,
  pySqlInjection,
  pyOrmSessionLeak, pyAsyncSyncOrm, pyDetachedInstance, pyUnboundedWrite, pyOrmBooleanOperator, pyMassAssignment, pyJwtVerification, pyCsrfDisabled, pyDjangoMiddlewareOrder, pyDrfAllowAny, pyRouteMissingAuth, pySecretKeyLiteral, pyTokenPayloadSecret, pySecretLogged, pyPasswordOnCommandLine, pyDebugEnabled, pyAllowedHostsWildcard, pyTlsVerifyDisabled, pyInsecureCookie, pyCorsCredentialsWildcard, pyCorsAnyOrigin, pySourceEncoding, tsSqlInjection,
  tsNosqlInjection, tsOrmMisuse, tsConnectionLeak, tsMassAssignment, tsAuth, tsMissingAuth, tsCsrf, tsSecrets, tsInfoExposure, tsTls, tsCookies, tsCors, tsCorsAnyOrigin, tsDebug];

export function loadVerifiers(catalogue: Catalogue = loadCatalogue(), modules: VerifierModule[] = MODULES): Verifier[] {
  return modules.map((m) => {
    const meta = catalogue.rules.get(m.id);
    if (!meta) throw new Error(`verifier ${m.id} has no metadata in rules/verifiers/${m.id}.yml`);
    checkMessageIds(m, meta);
    return { ...m, meta, check: reportingDeclaredIds(m) };
  });
}
