"""Members: five advisers, a committee of five chaired by the head of retail banking, and
~2,400 customers who joined over the four months (most at the launch), with their last
logins. The five `demo-*` accounts log in with DEMO_PASSWORD; nobody else can."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password

from models.models import Member, Role

from . import text
from .story import CustomerPicker, Story

DEMO_PASSWORD = "comptoir-demo"
CUSTOMERS = 2_390


def _ascii(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def add_people(story: Story) -> None:
    """The bank's staff and the customers, who joined one after another."""
    # Hashing is slow on purpose: once for the five demo logins, never per member.
    demo_hash = make_password(DEMO_PASSWORD)
    unusable = make_password(None)
    taken: set[str] = set()

    def staff(person: text.Person, role: Role, minutes: int) -> Member:
        taken.add(person.username)
        return Member(
            username=person.username,
            first_name=person.first_name,
            last_name=person.last_name,
            display_name=f"{person.first_name} {person.last_name[0]}.",
            email=f"{person.username}@example.test",
            role=role,
            customer_number=None,
            is_committee_chair=person == text.COMMITTEE_CHAIR,
            is_staff=person.username == "demo-staff",
            is_superuser=person.username == "demo-staff",
            password=demo_hash if person.username.startswith("demo-") else unusable,
            date_joined=story.start + timedelta(minutes=minutes),
        )

    story.advisers = [staff(p, Role.ADVISER, i) for i, p in enumerate(text.ADVISERS, start=1)]
    story.committee = [staff(p, Role.COMMITTEE, i) for i, p in enumerate(text.COMMITTEE, start=10)]
    story.feminine = {p.username for p in (*text.ADVISERS, *text.COMMITTEE) if p.feminine}

    numbers = story.rng.sample(range(10_000_000, 100_000_000), CUSTOMERS)
    demo = text.DEMO_CUSTOMER
    taken.add(demo.username)
    story.demo_customer = Member(
        username=demo.username,
        first_name=demo.first_name,
        last_name=demo.last_name,
        display_name=f"{demo.first_name} {demo.last_name[0]}.",
        email=f"{demo.username}@example.test",
        role=Role.CUSTOMER,
        customer_number=f"C{numbers[0]}",
        password=demo_hash,
        date_joined=story.start + timedelta(days=2, hours=3),
    )
    customers = [story.demo_customer]
    for number in numbers[1:]:
        first = story.rng.choice(text.FIRST_NAMES)
        last = story.rng.choice(text.LAST_NAMES)
        given, family = _ascii(first), _ascii(last)
        base = story.rng.choice(
            (
                f"{given}.{family}",
                f"{given}{family}",
                f"{given[0]}{family}",
                f"{given}_{family[0]}",
                f"{family}.{given}",
            )
        )
        username = base
        while username in taken:
            username = f"{base}{story.rng.randint(2, 99)}"
        taken.add(username)
        customers.append(
            Member(
                username=username,
                first_name=first,
                last_name=last,
                display_name=f"{first} {last[0]}.",
                email=f"{username}@example.test",
                role=Role.CUSTOMER,
                customer_number=f"C{number}",
                password=unusable,
                date_joined=_join_time(story),
            )
        )
    # Ids follow the order of arrival, as they would have in production.
    customers.sort(key=lambda m: m.date_joined)
    story.members = [*story.advisers, *story.committee, *customers]
    weights = [
        0.0 if m is story.demo_customer else min(20.0, story.rng.paretovariate(1.3))
        for m in customers
    ]
    # demo-client's activity is written by hand below, never drawn at random.
    story.picker = CustomerPicker(customers, weights, story.rng)


def _join_time(story: Story) -> datetime:
    if story.rng.random() < 0.3:
        # Launch: the bank invited existing customers, most came in the first days.
        return story.start + timedelta(minutes=20) + timedelta(days=10) * story.rng.random() ** 2
    return story.between(story.start + timedelta(minutes=20), story.now - timedelta(hours=2))


def set_last_logins(story: Story) -> None:
    """Each member's last login, from the last thing they did in the story."""
    for member in story.members:
        seen = story.last_seen.get(member.username)
        if member.username.startswith("demo-"):
            member.last_login = story.now - story.hours(1, 30)
        elif seen is not None:
            # Sessions last: the last login is around the last thing they did.
            member.last_login = min(story.now, seen + story.hours(-3, 48))
            member.last_login = max(member.last_login, member.date_joined)
        elif story.rng.random() < 0.9:
            # Came, looked around, did not write: readers are most of any community.
            member.last_login = story.between(
                member.date_joined, member.date_joined + (story.now - member.date_joined) / 3
            )
