import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/drf-allow-any", {
  invalid: [
    {
      name: "ModelViewSet with AllowAny",
      path: "orders/views.py",
      code: py`
from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from orders.models import Order
from orders.serializers import OrderSerializer


class OrderViewSet(viewsets.ModelViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    permission_classes = [AllowAny]
`,
      errors: [{ messageId: "allowAny", line: 11 }],
      messageIncludes: ["`OrderViewSet` writes data but its permission is AllowAny", "IsAuthenticated"],
    },
    {
      name: "APIView with a post method and no authentication",
      path: "payments/views.py",
      code: py`
from rest_framework.response import Response
from rest_framework.views import APIView


class RefundView(APIView):
    authentication_classes = []

    def post(self, request, pk):
        refund(pk, request.data["amount"])
        return Response(status=204)
`,
      errors: [{ messageId: "noAuthentication", line: 6 }],
      messageIncludes: ["`authentication_classes` empty"],
    },
    {
      name: "generic destroy view with permissions.AllowAny tuple",
      path: "catalog/api.py",
      code: py`
from rest_framework import generics, permissions


class ProductDetail(generics.RetrieveUpdateDestroyAPIView):
    queryset = Product.objects.all()
    permission_classes = (permissions.AllowAny,)
`,
      errors: [{ messageId: "allowAny", line: 6 }],
    },
    {
      name: "function view: api_view POST with AllowAny decorator",
      path: "accounts/api.py",
      code: py`
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny


@api_view(["GET", "POST"])
@permission_classes([AllowAny])
def addresses(request):
    if request.method == "POST":
        Address.objects.create(user_id=request.data["user"], line1=request.data["line1"])
    return Response(status=201)
`,
      errors: [{ messageId: "allowAny", line: 6 }],
    },
    {
      name: "read-only viewset with a write action",
      path: "posts/views.py",
      code: py`
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny


class PostViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        self.get_object().publish()
        return Response(status=204)
`,
      errors: [{ messageId: "allowAny", line: 7 }],
    },
    {
      name: "project default is AllowAny",
      path: "shop/settings.py",
      code: py`
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}
`,
      errors: [{ messageId: "defaultAllowAny", line: 3, severity: "warning" }],
      messageIncludes: ["DEFAULT_PERMISSION_CLASSES is AllowAny"],
    },
  ],
  valid: [
    {
      name: "ModelViewSet requiring authentication",
      path: "orders/views.py",
      code: py`
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated


class OrderViewSet(viewsets.ModelViewSet):
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return Order.objects.filter(owner=self.request.user)
`,
    },
    {
      name: "near-miss: AllowAny on read-only views",
      path: "catalog/views.py",
      code: py`
from rest_framework import generics, viewsets
from rest_framework.permissions import AllowAny


class ProductList(generics.ListAPIView):
    permission_classes = [AllowAny]


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
`,
    },
    {
      name: "near-miss: registration and token views must be open",
      path: "accounts/views.py",
      code: py`
from rest_framework import generics
from rest_framework.permissions import AllowAny


class RegisterView(generics.CreateAPIView):
    permission_classes = [AllowAny]


class PasswordResetView(generics.GenericAPIView):
    permission_classes = [AllowAny]

    def post(self, request):
        send_reset(request.data["email"])
`,
    },
    {
      name: "near-miss: per-action permissions",
      path: "posts/views.py",
      code: py`
from rest_framework import viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated


class PostViewSet(viewsets.ModelViewSet):
    permission_classes = [AllowAny]

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [AllowAny()]
        return [IsAuthenticated()]
`,
    },
    {
      name: "near-miss: AllowAny combined with another permission, and a GET api_view",
      path: "stats/views.py",
      code: py`
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny


class Stats(APIView):
    permission_classes = [AllowAny, HasAPIKey]

    def post(self, request):
        return Response()


@api_view(["GET"])
@permission_classes([AllowAny])
def public_stats(request):
    return Response({"users": 10})
`,
    },
    {
      name: "near-miss: signed webhook with no authentication classes",
      path: "billing/views.py",
      code: py`
from rest_framework.views import APIView


class StripeEvents(APIView):
    authentication_classes = []
    permission_classes = []

    def post(self, request):
        event = stripe.Webhook.construct_event(request.body, request.META["HTTP_STRIPE_SIGNATURE"], SECRET)
        return Response(status=200)
`,
    },
  ],
});
