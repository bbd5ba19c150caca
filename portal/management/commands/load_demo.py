from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import demo as article_demo
from articles.models import Article
from faq import demo as faq_demo
from faq.models import FaqEntry, SubmittedQuestion
from portal.groups import EDITORS, MODERATORS
from portal.signin import demo_password

DEMO_ACCOUNTS = [
    # username, superuser, group
    ("admin", True, None),
    ("editor", False, EDITORS),
    ("moderator", False, MODERATORS),
]


class Command(BaseCommand):
    help = "Load demo topics, articles, FAQ entries, reader questions and local demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=None,
            help="Demo account password (default: $PORTAL_DEMO_PASSWORD, else 'portal-demo').",
        )
        parser.add_argument(
            "--no-accounts", action="store_true", help="Load content only, no demo accounts."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="With DEBUG off, load the demo into a database that already has content.",
        )

    def handle(self, *args, password=None, no_accounts=False, force=False, verbosity=1, **options):
        if not no_accounts and not settings.DEBUG:
            raise CommandError(
                "Refusing to create demo accounts with DEBUG off. "
                "Use --no-accounts to load content only."
            )
        if not settings.DEBUG and not force and (content := self.content()):
            # A real site's database: the demo would publish fictional explainers and FAQ
            # entries on it, and bring back demo pieces and questions deleted since.
            raise CommandError(
                f"Refusing to load the demo with DEBUG off into a database with content "
                f"({content}): it would publish its fictional explainers and FAQ entries there. "
                "Nothing was loaded. Add --force to load it anyway (a trial site)."
            )
        with transaction.atomic():
            counts = {
                "topics": article_demo.load_topics(),
                "articles": article_demo.load_articles(),
                "pages about the site": article_demo.load_pages(),
                **faq_demo.load(),
            }
            if not no_accounts:
                counts["accounts"] = self.create_accounts(password or demo_password())
        if verbosity:
            summary = ", ".join(f"{count} {name}" for name, count in counts.items())
            self.stdout.write(f"Demo content loaded (new: {summary}).")

    @staticmethod
    def content():
        """What the database holds already, e.g. "articles: 3, FAQ entries: 1", or ""."""
        counts = {
            "articles": Article.objects.count(),
            "FAQ entries": FaqEntry.objects.count(),
            "reader questions": SubmittedQuestion.objects.count(),
        }
        return ", ".join(f"{name}: {count}" for name, count in counts.items() if count)

    def create_accounts(self, password):
        User = get_user_model()
        created = 0
        for username, superuser, group in DEMO_ACCOUNTS:
            if User.objects.filter(username=username).exists():
                continue
            user = User.objects.create_user(
                username, email=f"{username}@example.com", password=password,
                is_staff=True, is_superuser=superuser,
            )  # fmt: skip
            if group:
                user.groups.add(Group.objects.get(name=group))
            created += 1
        return created
