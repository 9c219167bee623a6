from collections.abc import Collection

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class Role(models.TextChoices):
    CUSTOMER = "CUSTOMER", "Client"
    ADVISER = "ADVISER", "Conseiller"
    COMMITTEE = "COMMITTEE", "Comité"


class Language(models.TextChoices):
    """The languages the community speaks to a member in (settings.LANGUAGES)."""

    FR = "fr", "Français"
    EN = "en", "English"


class Member(AbstractUser):
    """A person of the community. Staff access (admin, GraphiQL) is `is_staff`, on any role."""

    DISPLAY_NAME_MAX = 60

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CUSTOMER)
    display_name = models.CharField(max_length=DISPLAY_NAME_MAX)
    # Private: only the member and advisers read it.
    customer_number = models.CharField(max_length=16, null=True, blank=True, unique=True)
    is_committee_chair = models.BooleanField(default=False)
    # Set when the member's account was erased at their request (GDPR art. 17): their
    # identity is gone, their contributions stay under a neutral name, their votes count.
    erased_at = models.DateTimeField(null=True, blank=True)
    # The language the community writes to them in away from the website (their e-mails):
    # the last one they chose, with the website's language switch while logged in or on
    # their e-mail page; French until they choose.
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.FR)

    class Meta:
        app_label = "community"
        verbose_name = "membre"
        permissions = [
            (
                "view_personal_data",
                "Can view members' personal data (email, names, customer number) in the back "
                "office, export it and erase accounts; each display is audited",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]), name="member_role_valid"
            ),
            models.CheckConstraint(condition=~Q(display_name=""), name="member_display_name_set"),
            # Customer numbers belong to customers, and every customer has one, until their
            # account is erased.
            models.CheckConstraint(
                condition=(
                    Q(role=Role.CUSTOMER)
                    & (Q(customer_number__isnull=False) | Q(erased_at__isnull=False))
                )
                | (~Q(role=Role.CUSTOMER) & Q(customer_number__isnull=True)),
                name="member_customer_number_iff_customer",
            ),
            # An erased account holds nothing that names the person.
            models.CheckConstraint(
                condition=Q(erased_at__isnull=True)
                | (
                    Q(customer_number__isnull=True)
                    & Q(email="")
                    & Q(first_name="")
                    & Q(last_name="")
                    & Q(is_active=False)
                ),
                name="member_erased_holds_no_identity",
            ),
            models.CheckConstraint(
                condition=Q(language__in=[lang.value for lang in Language]),
                name="member_language_valid",
            ),
            models.CheckConstraint(
                condition=Q(is_committee_chair=False) | Q(role=Role.COMMITTEE),
                name="member_chair_is_committee",
            ),
            # The committee has one chair.
            models.UniqueConstraint(
                fields=["is_committee_chair"],
                condition=Q(is_committee_chair=True),
                name="member_single_committee_chair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.username})"

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        """Django's check of the constraints before saving a form, the customer-number rule
        included although `erased_at` is on no form (a constraint naming a field the form
        leaves out would be skipped, and the database would refuse the row instead)."""
        super().validate_constraints(exclude=set(exclude or ()) - {"erased_at"})

    @property
    def is_customer(self) -> bool:
        return self.role == Role.CUSTOMER

    @property
    def is_adviser(self) -> bool:
        return self.role == Role.ADVISER

    @property
    def is_committee(self) -> bool:
        return self.role == Role.COMMITTEE


class Counter(models.Model):
    """One rate-limit counter (failed logins of an account or address, a partner token's
    requests in a window, a member's writes of a kind) in the store every worker shares when
    there is no Redis (`resolvers/counters.py`).

    Written only with single-statement upserts, so concurrent increments lose nothing. A row
    whose `expires_at` has passed counts as absent: the next hit starts it again at 1, and
    expired rows are deleted a batch at a time as new windows open.
    """

    KEY_MAX = 200

    key = models.CharField(max_length=KEY_MAX, primary_key=True)
    count = models.BigIntegerField()
    # Seconds since the epoch (a float, compared as is on both databases).
    expires_at = models.FloatField(db_index=True)

    class Meta:
        app_label = "community"
        verbose_name = "compteur de limite"

    def __str__(self) -> str:
        return f"{self.key} = {self.count}"
