"""Each role's actions: the one table that says who may do what in a programme.

Every app's ``access`` module asks ``accounts.access.may`` (or its siblings) about an action
here instead of naming roles, and the README's roles table is this table in words (a test
holds the two together). A superuser may do every action everywhere.

Estate limits: a membership may name some of the programme's estates. For the actions marked
``estate_limited`` (what is registered in an estate: inquiries, bookings with the residents'
names, events, press mentions, and the counselling's opening hours) the person sees and
changes only what belongs to those estates; a joint event or mention that includes one of
them is theirs as well. Every other action covers the whole programme, whatever the estates:
the dashboards, statistics and the mapping compare the estates with each other, and the
agreement is one for all of them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from helhedsplan.accounts.models import Role


class Action(enum.StrEnum):
    VIEW_PROGRAMME = "view_programme"
    REGISTER_INQUIRIES = "register_inquiries"
    CORRECT_INQUIRIES = "correct_inquiries"
    BOOK_COUNSELLING = "book_counselling"
    MANAGE_OPENING_HOURS = "manage_opening_hours"
    REGISTER_EVENTS = "register_events"
    REGISTER_PRESS = "register_press"
    KEEP_STATISTICS = "keep_statistics"
    IMPORT_AGREEMENTS = "import_agreements"
    EDIT_AGREEMENT_DRAFTS = "edit_agreement_drafts"
    PROPOSE_INDICATORS = "propose_indicators"
    DEFINE_INDICATORS = "define_indicators"
    APPROVE_AGREEMENTS = "approve_agreements"
    CLOSE_YEARS = "close_years"
    VIEW_TONE_ACCURACY = "view_tone_accuracy"
    KEEP_LISTS = "keep_lists"
    MANAGE_USERS = "manage_users"
    READ_AUDIT_TRAIL = "read_audit_trail"
    REDACT_HISTORY = "redact_history"
    KEEP_VOLUNTEERS = "keep_volunteers"
    COUNT_VOLUNTEERS = "count_volunteers"
    REVIEW_PERSONAL_DATA = "review_personal_data"
    SET_CERTIFICATE_RULES = "set_certificate_rules"
    KEEP_GRANT_APPLICATIONS = "keep_grant_applications"
    COUNT_GRANT_APPLICATIONS = "count_grant_applications"
    MANAGE_GRANT_POOLS = "manage_grant_pools"
    OVERRIDE_GRANT_FRAME = "override_grant_frame"
    KEEP_PANELS = "keep_panels"
    KEEP_PANEL_ACTIONS = "keep_panel_actions"
    UPDATE_OWN_ACTIONS = "update_own_actions"
    MANAGE_SURVEYS = "manage_surveys"
    ENTER_SURVEY_ANSWERS = "enter_survey_answers"
    VIEW_GOVERNANCE = "view_governance"
    KEEP_GOVERNANCE = "keep_governance"
    PROPOSE_ADJUSTMENTS = "propose_adjustments"
    RAISE_CASES = "raise_cases"
    HANDLE_CASES = "handle_cases"
    VIEW_BUDGET = "view_budget"
    KEEP_BUDGET = "keep_budget"
    READ_STATUS_REPORT = "read_status_report"
    WRITE_STATUS_REPORT = "write_status_report"
    VIEW_COMPLETENESS = "view_completeness"


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    # Whether a membership's estates limit the action to what belongs to them.
    estate_limited: bool
    # The action in plain English words: the first column of the README's roles table.
    description: str


ADMIN, HEAD, STAFF, BOARD, GROUP, POLICE, PARTNER = (
    Role.ADMINISTRATOR,
    Role.SECRETARIAT_HEAD,
    Role.STAFF,
    Role.BOARD,
    Role.WORKING_GROUP,
    Role.POLICE,
    Role.PARTNER,
)


def _rule(description: str, roles: set[Role], *, estate_limited: bool = False) -> Rule:
    return Rule(frozenset(roles), estate_limited, description)


# The police run the resident panel (``KEEP_PANELS``, ``KEEP_PANEL_ACTIONS``) and see nothing
# else of the programme: not its registrations, figures or agreements, nor the counts of its
# volunteers and grant pools (issue 14). A partner sees only the panel's actions assigned to
# their organisation.
TABLE: dict[Action, Rule] = {
    Action.VIEW_PROGRAMME: _rule(
        "read the programme: agreements, dashboards and indicators, statistics, events, press, "
        "the counselling's mapping and opening hours",
        {ADMIN, HEAD, STAFF, BOARD, GROUP},
    ),
    Action.REGISTER_INQUIRIES: _rule(
        "register inquiries and list them; correct or delete their own within 24 hours; see "
        "the mapping's small counts",
        {ADMIN, HEAD, STAFF},
        estate_limited=True,
    ),
    Action.CORRECT_INQUIRIES: _rule(
        "correct or delete any inquiry at any time", {ADMIN, HEAD}, estate_limited=True
    ),
    Action.BOOK_COUNSELLING: _rule(
        "book counselling; see the bookings with the residents' names and cancel them",
        {ADMIN, HEAD, STAFF},
        estate_limited=True,
    ),
    Action.MANAGE_OPENING_HOURS: _rule(
        "set the counselling's opening hours and closures", {ADMIN, HEAD}, estate_limited=True
    ),
    Action.REGISTER_EVENTS: _rule(
        "register, edit, mark held, cancel and delete events; import Kulturhus Syd's calendar",
        {ADMIN, HEAD, STAFF},
        estate_limited=True,
    ),
    Action.REGISTER_PRESS: _rule(
        "register, edit, link and delete press mentions", {ADMIN, HEAD, STAFF}, estate_limited=True
    ),
    Action.KEEP_STATISTICS: _rule(
        "create statistics series; enter, import and delete their figures", {ADMIN, HEAD}
    ),
    Action.IMPORT_AGREEMENTS: _rule("import an agreement from Word or text", {ADMIN, HEAD}),
    Action.EDIT_AGREEMENT_DRAFTS: _rule(
        "start, edit, propose to the board, withdraw and discard an agreement draft",
        {ADMIN, HEAD, GROUP},
    ),
    Action.PROPOSE_INDICATORS: _rule(
        "propose how a criterion is measured (it counts once the secretariat confirms it)",
        {ADMIN, HEAD, GROUP},
    ),
    Action.DEFINE_INDICATORS: _rule(
        "confirm indicators; change their definitions, targets and baselines", {ADMIN, HEAD}
    ),
    Action.APPROVE_AGREEMENTS: _rule("approve an agreement version proposed to the board", {BOARD}),
    Action.CLOSE_YEARS: _rule("close a finished year, keeping its figures", {BOARD}),
    Action.VIEW_TONE_ACCURACY: _rule("see how often the suggested press tone was right", {ADMIN}),
    Action.KEEP_LISTS: _rule(
        "keep the programme's lists: venues, partners, outlets, topics, referral targets, "
        "volunteers' interests",
        {ADMIN},
    ),
    Action.MANAGE_USERS: _rule("manage the programme's users and their roles", {ADMIN}),
    Action.READ_AUDIT_TRAIL: _rule("read the audit trail", {ADMIN}),
    Action.REDACT_HISTORY: _rule(
        "remove personal data typed into a record of the audit trail (the removal is recorded)",
        {ADMIN, HEAD},
    ),
    # Volunteers are named people: those who work with them see the people of their estates,
    # everyone else who reads the programme only counts.
    Action.KEEP_VOLUNTEERS: _rule(
        "register volunteers; see, edit, end and download the data of those of their estates; "
        "record a withdrawn consent",
        {ADMIN, HEAD, STAFF},
        estate_limited=True,
    ),
    Action.COUNT_VOLUNTEERS: _rule(
        "see how many volunteers the programme has, per estate (counts, no names)",
        {ADMIN, HEAD, STAFF, BOARD, GROUP},
    ),
    Action.REVIEW_PERSONAL_DATA: _rule(
        "publish consent texts and set how long personal data are kept; review the people due "
        "for erasure, renew their consent or erase them",
        {ADMIN, HEAD},
        estate_limited=True,
    ),
    # The certificate speaks for the whole programme: one rule for all its estates.
    Action.SET_CERTIFICATE_RULES: _rule(
        "set how many hours a volunteer certificate requires and who signs it", {ADMIN, HEAD}
    ),
    # Issue 13: the resident grant pools. Applications name a contact person (personal data),
    # so those who work with them see the applications of their estates; everyone else who
    # reads the programme how many there are.
    Action.KEEP_GRANT_APPLICATIONS: _rule(
        "enter paper applications to a resident grant pool; see the applications of their "
        "estates with their contact person; review them, put them on a committee meeting and "
        "record the committee's decision; record a grant's payout, enter the report back "
        "(participants, evaluation, receipts, photos with their consent), see the overdue "
        "reports and close the grant; see a pool's money; print a pool's poster and a "
        "meeting's agenda",
        {ADMIN, HEAD, STAFF},
        estate_limited=True,
    ),
    Action.MANAGE_GRANT_POOLS: _rule(
        "set up resident grant pools: their yearly frames, guidelines, rounds and committee; "
        "open and close them",
        {ADMIN, HEAD},
        estate_limited=True,
    ),
    Action.COUNT_GRANT_APPLICATIONS: _rule(
        "see the programme's resident grant pools and how many applications each has, by "
        "status, and the pools' figures per year (counts and amounts, no names)",
        {ADMIN, HEAD, STAFF, BOARD, GROUP},
    ),
    # A grant beyond the pool's yearly frame is the secretariat head's decision alone, with a
    # written reason on the decision.
    Action.OVERRIDE_GRANT_FRAME: _rule(
        "record a resident grant beyond the pool's yearly frame, with a written reason",
        {HEAD},
        estate_limited=True,
    ),
    # Issue 14: the resident panel with the police. Its members are named people, so those who
    # run it (the staff and the police of their estates, and the secretariat) keep it; the
    # board and the working groups see its meetings counted on the dashboard (P1), never its
    # members or minutes.
    Action.KEEP_PANELS: _rule(
        "set up the resident panels of their estates; register their members with consent, "
        "record that a member left, download a member's data; record meetings with "
        "attendance, agenda and minutes (written or uploaded) and read their minutes",
        {ADMIN, HEAD, STAFF, POLICE},
        estate_limited=True,
    ),
    # The actions that follow the residents' concerns: kept by those who keep the panels of
    # the concern's estate, who assign them to any party.
    Action.KEEP_PANEL_ACTIONS: _rule(
        "create actions on the resident panels' concerns of their estates and assign them to a "
        "party and an owner; change their status, write progress notes and edit them; see all "
        "the actions of their estates, their report of actions done on time, and download them",
        {ADMIN, HEAD, STAFF, POLICE},
        estate_limited=True,
    ),
    # A partner's membership names their organisation: they see the actions assigned to it
    # (with the concern read-only) and follow them up, but cannot hand them to another party.
    Action.UPDATE_OWN_ACTIONS: _rule(
        "see the resident panels' actions assigned to their organisation and the concern each "
        "follows, their share done on time, and download them; change their status and write "
        "progress notes",
        {PARTNER},
    ),
    # Issue 15: the surveys. The answers are anonymous; their free text may still say more
    # than a figure does, so only the staff who collect the answers read it, and everyone who
    # reads the programme sees the results with small cells suppressed.
    Action.MANAGE_SURVEYS: _rule(
        "write questionnaires, their versions and translations; open waves in their estates "
        "with their dates and target",
        {ADMIN, HEAD},
        estate_limited=True,
    ),
    Action.ENTER_SURVEY_ANSWERS: _rule(
        "print a wave's poster and paper forms and open its tablet mode; key in paper forms; "
        "upload scanned forms and decide the marks in doubt; read the free-text answers",
        {ADMIN, HEAD, STAFF},
        estate_limited=True,
    ),
    # Issue 17: the board's year. Governance records, budget follow-up, the annual status
    # report and the completeness cockpit.
    Action.VIEW_GOVERNANCE: _rule(
        "read the programme's bodies with their members by role and organisation, their "
        "meetings and decisions, and the proposals for adjusting an agreement",
        {ADMIN, HEAD, STAFF, BOARD, GROUP},
    ),
    Action.KEEP_GOVERNANCE: _rule(
        "set up the programme's bodies and their members; record their meetings and decisions",
        {ADMIN, HEAD},
    ),
    Action.PROPOSE_ADJUSTMENTS: _rule(
        "record a body's proposal for adjusting an agreement",
        {ADMIN, HEAD, GROUP},
    ),
    Action.RAISE_CASES: _rule(
        "record a conflict or a notification in the log, and read the ones they recorded",
        {ADMIN, HEAD, STAFF, BOARD, GROUP},
    ),
    Action.HANDLE_CASES: _rule(
        "read the whole log of conflicts and notifications; escalate an entry to the board and "
        "record its resolution",
        {ADMIN, HEAD, BOARD},
    ),
    Action.VIEW_BUDGET: _rule(
        "see the budget planned beside what was spent, and the staff hours planned beside "
        "those reported",
        {ADMIN, HEAD, BOARD},
    ),
    Action.KEEP_BUDGET: _rule(
        "enter what was spent per budget line and year or import it from the finance system's "
        "spreadsheet; enter the staff hours reported",
        {ADMIN, HEAD},
    ),
    Action.READ_STATUS_REPORT: _rule(
        "read and download the annual status report (PDF, Word, Excel)",
        {ADMIN, HEAD, STAFF, BOARD, GROUP},
    ),
    Action.WRITE_STATUS_REPORT: _rule(
        "edit and approve the annual status report's narrative paragraphs",
        {ADMIN, HEAD},
    ),
    Action.VIEW_COMPLETENESS: _rule(
        "see what is missing for the running period per activity and estate, and receive the "
        "weekly reminder of it",
        {ADMIN, HEAD, STAFF},
        estate_limited=True,
    ),
}


def roles_for(action: Action) -> frozenset[Role]:
    return TABLE[action].roles


def is_estate_limited(action: Action) -> bool:
    return TABLE[action].estate_limited
