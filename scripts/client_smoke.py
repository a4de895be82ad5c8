"""A nominator's whole journey through the Python client that openapi-python-client generated
from the OpenAPI document (run by scripts/client-smoke, which installs that client first):
register, find an edition open for nominations, create a draft, complete it under `If-Match`,
submit it, read it back, sign out. Only the generated client talks to the server; every answer
is checked against what the document promises. Exits non-zero on the first disagreement.

    python scripts/client_smoke.py BASE_URL
"""

import datetime
import secrets
import sys

from wsis_prizes_api_client import Client
from wsis_prizes_api_client.api.accounts import logout, me, register
from wsis_prizes_api_client.api.editions import list_categories, list_editions
from wsis_prizes_api_client.api.nominations import (
    create_nomination,
    get_nomination,
    my_nominations,
    submit_nomination,
    update_nomination,
)
from wsis_prizes_api_client.models import (
    AccountBody,
    NominationBody,
    NominationInput,
    NominationStatus,
    Phase,
    Problem,
    ProjectStatus,
    RegisterBody,
    StakeholderType,
)

SUMMARY = (
    "Solar-powered community clinics link remote island villages to doctors on the main island "
    "through a shared telemedicine platform. Nurses record symptoms, photographs and vital signs "
    "on tablets that work offline and synchronise whenever a satellite link is available. Doctors "
    "answer within hours instead of the weeks a boat journey used to take, and patients who need "
    "surgery are flown out sooner. The project trains local health workers, keeps every record in "
    "the national health information system and publishes anonymised figures so that other "
    "regions can plan their own services. Since it started, the clinics have handled thousands of "
    "consultations a year, maternal care visits have doubled and fewer children miss their "
    "vaccinations. The software is open source, the tablets are repaired locally, and the running "
    "costs are shared between the ministry, two universities and a regional telecom operator, so "
    "the service does not depend on a single donor. The next phase adds mental health support, "
    "text messages in local languages and a simple way for families to book appointments."
)


def check(condition, what):
    """Stops the smoke test with a message when `condition` is false."""
    if not condition:
        raise SystemExit(f"client smoke test failed: {what}")


def expect(response, status, model, what):
    """The parsed answer of a `*_detailed` call, which must have `status` and parse as `model`."""
    detail = response.parsed.to_dict() if isinstance(response.parsed, Problem) else response.content[:300]
    check(response.status_code == status, f"{what}: HTTP {response.status_code}, wanted {status}: {detail}")
    check(isinstance(response.parsed, model), f"{what}: answer is {type(response.parsed).__name__}, wanted {model.__name__}")
    return response.parsed


def open_edition(client):
    """The newest edition open for nominations now, and its categories."""
    editions = expect(list_editions.sync_detailed(client=client), 200, list, "list editions")
    open_now = [e for e in editions if e.phase == Phase.OPEN]
    check(open_now, f"no edition is open for nominations (phases: {[e.phase.value for e in editions]}); load the demo")
    edition = open_now[0]
    categories = expect(list_categories.sync_detailed(str(edition.year), client=client), 200, list, "categories")
    check(len(categories) == 18, f"{len(categories)} categories, wanted 18")
    return edition, categories


def main(base):
    """Runs the journey against the server at `base`."""
    # a state-changing request that carries a session cookie needs this site's Origin
    client = Client(base_url=base, headers={"Origin": base}, raise_on_unexpected_status=True, timeout=30.0)
    tag = secrets.token_hex(4)
    email = f"client-smoke-{tag}@smoke.example"
    organization = f"Island Health Network {tag}"

    account = expect(
        register.sync_detailed(
            client=client,
            body=RegisterBody(
                email=email,
                # scripts/test looks for "harbour lantern" in the server's log: passwords must not be there
                password=f"harbour lantern {secrets.randbelow(10**6):06d} tide",
                display_name="Client Smoke",
                organization=organization,
            ),
        ),
        201,
        AccountBody,
        "register",
    )
    check(account.email == email and account.roles == ["nominator"], f"registered account {account.to_dict()}")
    whoami = expect(me.sync_detailed(client=client), 200, AccountBody, "me (the session cookie)")
    check(whoami.id == account.id, "GET /me names another account")

    edition, categories = open_edition(client)
    category = next((c for c in categories if c.code == "C7-EHEALTH"), categories[0])

    draft_answer = create_nomination.sync_detailed(
        str(edition.year),
        client=client,
        body=NominationInput(category=category.code, title="Telemedicine for island clinics"),
    )
    draft = expect(draft_answer, 201, NominationBody, "create a draft")
    check(draft.status == NominationStatus.DRAFT, f"new nomination is {draft.status}")
    check(draft.edition_year == edition.year and draft.category == category.code, "draft's edition or category")
    check("summary" in draft.issues.additional_properties, f"an empty summary is not among the issues: {draft.issues.to_dict()}")
    etag = draft_answer.headers.get("etag")
    check(etag is not None, "no ETag on the created draft")

    complete = NominationInput(
        category=category.code,
        related_action_lines=["C3"],
        title="Telemedicine for island clinics",
        summary=SUMMARY,
        description="Clinics on twelve islands, linked to the main hospital since 2019.",
        impact="Consultations within hours; maternal care visits doubled.",
        partnerships="Ministry of Health, two universities, a regional telecom operator.",
        challenges="Satellite links in the rainy season.",
        organization=organization,
        stakeholder_type=StakeholderType.CIVIL_SOCIETY,
        country="FJ",
        sdgs=[3, 10],
        website="https://clinics.example.org",
        project_start=datetime.date(2019, 3, 1),
        project_status=ProjectStatus.RUNNING,
        contact_name="Mere Tuilagi",
        contact_email="mere@clinics.example.org",
    )
    filled = expect(
        update_nomination.sync_detailed(draft.id, client=client, body=complete, if_match=etag),
        200,
        NominationBody,
        "complete the draft with If-Match",
    )
    check(filled.version == draft.version + 1, f"version {filled.version} after one change of {draft.version}")
    check(not filled.issues.additional_properties, f"a complete nomination still has issues: {filled.issues.to_dict()}")
    check(filled.summary_words >= 150, f"summary counted as {filled.summary_words} words")

    submitted = expect(submit_nomination.sync_detailed(draft.id, client=client), 200, NominationBody, "submit")
    check(submitted.status == NominationStatus.SUBMITTED, f"submitted nomination is {submitted.status}")
    check(isinstance(submitted.submitted_at, datetime.datetime), "no submitted_at")
    check(submitted.reference.startswith(f"WSIS{edition.year}-"), f"receipt reference {submitted.reference}")

    read = expect(get_nomination.sync_detailed(draft.id, client=client), 200, NominationBody, "read it back")
    check(read.status == NominationStatus.SUBMITTED, f"read back as {read.status}")
    check(
        (read.title, read.organization, read.country, read.sdgs, read.project_start, read.stakeholder_type)
        == ("Telemedicine for island clinics", organization, "FJ", [3, 10], datetime.date(2019, 3, 1), StakeholderType.CIVIL_SOCIETY),
        f"fields read back differ: {read.to_dict()}",
    )
    mine = expect(my_nominations.sync_detailed(client=client), 200, list, "my nominations")
    check([n.id for n in mine] == [draft.id], f"my nominations: {[n.id for n in mine]}")

    check(logout.sync_detailed(client=client).status_code == 204, "sign-out did not answer 204")
    gone = expect(me.sync_detailed(client=client), 401, Problem, "me after sign-out")
    check(gone.code == "unauthenticated", f"after sign-out: {gone.to_dict()}")

    print(
        f"   generated Python client: registered {email}, created {submitted.reference} in {category.code} of "
        f"{edition.name} (open until {edition.effective_deadline.isoformat()}), completed it (version "
        f"{filled.version}), submitted it at {submitted.submitted_at.isoformat()}, read it back, signed out",
        file=sys.stderr,
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: client_smoke.py BASE_URL")
    main(sys.argv[1].rstrip("/"))
