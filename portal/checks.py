"""Deploy checks (`manage.py check --deploy`) for settings that only make sense together."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def proxy_addresses_trusted(app_configs, **kwargs):
    # A TLS proxy in front means every request arrives from the proxy's address.
    if settings.TLS_PROXY and not settings.TRUSTED_PROXY_COUNT:
        return [
            Warning(
                "TLS_PROXY=1 says a proxy is in front, but TRUSTED_PROXY_COUNT is 0: rate "
                "limits would count every client as the proxy, so a few questions from anyone "
                "would close the question form for everyone, and a few wrong passwords would "
                "lock every editor out of signing in.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies that add to "
                "X-Forwarded-For (1 for nginx or Caddy alone).",
                id="portal.W001",
            )
        ]
    return []
