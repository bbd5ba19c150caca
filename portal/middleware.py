from django.conf import settings


class AdminPolicyMiddleware:
    """Give /admin/ its own, looser Content-Security-Policy.

    Admin and form-media script tags get no nonce (Django tickets #36784, #36825), so the admin
    needs a different policy; the public pages keep the strict one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/") and not hasattr(response, "_csp_config"):
            response._csp_config = settings.ADMIN_CSP
        return response
