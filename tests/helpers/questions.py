"""A reader asking a question on /faq/ask/."""

import time

from faq.forms import started_token

QUESTION = "Can my landlord call immigration officers about me?"


def ask(client, action="check", **data):
    """Post the form the way a person does: shown a while ago, honeypot empty."""
    fields = {"question": QUESTION, "started": started_token(time.time() - 30), "action": action}
    fields.update(data)
    return client.post("/faq/ask/", fields)
