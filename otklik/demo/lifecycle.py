"""How a demo ticket is handled, step by step, with plausible delays.

Agents work 09:00–21:00 desk time; chats and calls are answered in minutes, emails in hours;
claims and some complaints go to the second line; a few tickets are reopened by the customer;
resolved tickets are closed by the system three days later. Any step after "now" ends the story.
"""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass

from otklik.accounts.models import Line
from otklik.demo import texts
from otklik.demo.people import Agent
from otklik.demo.story import CUSTOMER, SYSTEM, Cutoff, Story
from otklik.desk.choices import Channel, Kind, Status

NEGATIVE_KINDS = {Kind.COMPLAINT.value, Kind.CLAIM.value}

HOUR, DAY = 3600, 86400
WORK_START, WORK_END = 9 * HOUR, 21 * HOUR
AUTO_CLOSE_AFTER = 3 * DAY
ESCALATION_SHARE: dict[str, float] = {Kind.CLAIM: 0.65, Kind.COMPLAINT: 0.15, Kind.QUESTION: 0.06}
REOPEN_SHARE: dict[str, float] = {Kind.CLAIM: 0.10, Kind.COMPLAINT: 0.07, Kind.QUESTION: 0.04}
QUICK_CHANNELS = {Channel.CHAT, Channel.TELEGRAM, Channel.PHONE}
RESOLVED, PENDING_CUSTOMER, PENDING_INTERNAL = (
    Status.RESOLVED.value,
    Status.PENDING_CUSTOMER.value,
    Status.PENDING_INTERNAL.value,
)


@dataclass(frozen=True)
class Clock:
    """Unix seconds. ``offset`` is the desk time zone's UTC offset, fixed for the whole run."""

    now: int
    offset: int

    def working(self, ts: int, rng: random.Random) -> int:
        """The moment an agent would act on something that arrives at ``ts``."""
        into_day = (ts + self.offset) % DAY
        if WORK_START <= into_day < WORK_END:
            return ts
        wait = WORK_START - into_day if into_day < WORK_START else DAY - into_day + WORK_START
        return ts + wait + rng.randrange(5 * 60, 90 * 60)

    def day_ordinal(self, ts: int) -> int:
        return (ts + self.offset) // DAY + 719_163  # date(1970, 1, 1).toordinal()


@dataclass
class Case:
    """What the generator decided about one ticket before its story is played."""

    story: Story
    created: int
    channel: str
    kind: str  # the true kind; the classifier may have said otherwise
    lang: int
    customer_first: str
    ctx: dict[str, str]
    first_line: list[Agent]
    second_line: list[Agent]
    second_team: int
    subject: str
    body: str
    guess: str  # what the classifier said: maybe wrong, maybe nothing
    confidence: float | None
    needs_triage: bool  # the classifier was unsure, a person must confirm the kind
    amount: int | None  # the money a claim asks back
    topic_id: int
    priority: str
    team: int


def _delay(rng: random.Random, channel: str, slow_hours: float) -> int:
    if channel in QUICK_CHANNELS:
        return 30 + int(rng.expovariate(1 / 240))
    return int(rng.lognormvariate(0, 0.9) * slow_hours * HOUR) + 300


class Play:
    """Plays one case into its story; a ``Cutoff`` from any step ends it quietly."""

    def __init__(self, rng: random.Random, clock: Clock, case: Case) -> None:
        self.rng, self.clock, self.case, self.story = rng, clock, case, case.story

    def run(self) -> None:
        with contextlib.suppress(Cutoff):
            self._handle()

    def _say(self, text: str, agent: Agent) -> str:
        case = self.case
        return texts.agent_reply(text, lang=case.lang, channel=case.channel, customer_first=case.customer_first,
                                 agent_first=agent.first_name)  # fmt: skip

    def _text(self, pool: list[texts.Pair]) -> str:
        return texts.pick(self.rng, pool, self.case.lang, self.case.ctx)

    def _handle(self) -> None:
        rng, case, story = self.rng, self.case, self.story
        agent = rng.choice(case.first_line)
        # Calls are logged by the agent who took them; everything else comes from the customer.
        actor = (agent.id, "") if case.channel == Channel.PHONE else CUSTOMER
        story.open(case.created, actor, channel=case.channel, subject=case.subject, body=case.body, kind=case.guess,
                   kind_confidence=case.confidence, topic_id=case.topic_id, priority=case.priority, team=case.team,
                   line=Line.FIRST, needs_triage=case.needs_triage, negative=case.kind in NEGATIVE_KINDS,
                   amount=case.amount)  # fmt: skip
        t = self.clock.working(case.created + _delay(rng, case.channel, 3), rng)
        if rng.random() < 0.8:
            story.assign(t - 60, (agent.id, ""), agent.id)
        if story.kind != case.kind or story.needs_triage:  # a correction, or a confirmation out of triage
            story.change_kind(t - 30, agent.id, case.kind)
        if rng.random() < ESCALATION_SHARE.get(case.kind, 0):
            agent, t = self._second_line(agent, t)
        else:
            t = self._first_line(agent, t)
        self._aftermath(agent)

    def _first_line(self, agent: Agent, t: int) -> int:
        rng, case, story = self.rng, self.case, self.story
        rounds = 0 if case.kind in {Kind.GRATITUDE, Kind.SUGGESTION} else rng.choices((0, 1, 2), (60, 30, 10))[0]
        for _ in range(rounds):
            story.reply(t, agent.id, self._say(self._text(texts.CLARIFY), agent), PENDING_CUSTOMER)
            t = self.clock.working(t + _delay(rng, case.channel, 5), rng)
            story.inbound(t, self._text(texts.FOLLOW_UPS))
            t = self.clock.working(t + _delay(rng, case.channel, 2), rng)
        final = self._say(self._text(texts.FINALS[case.kind]), agent)
        if case.kind == Kind.SUGGESTION and rng.random() < 0.3:
            story.note(t, agent.id, self._text(texts.NOTES))
        if rng.random() < 0.8 or case.kind in {Kind.GRATITUDE, Kind.SUGGESTION}:
            story.reply(t, agent.id, final, RESOLVED)
        else:
            # Answered, waited for a confirmation that never came, then resolved by the agent.
            story.reply(t, agent.id, final, PENDING_CUSTOMER)
            t = self.clock.working(t + 2 * DAY + rng.randrange(DAY), rng)
            story.change_status(t, (agent.id, ""), RESOLVED)
        return t

    def _second_line(self, agent: Agent, t: int) -> tuple[Agent, int]:
        rng, case, story = self.rng, self.case, self.story
        story.reply(t, agent.id, self._say(texts.ack_text(rng, case.lang, case.ctx), agent), PENDING_INTERNAL)
        pool = texts.ESCALATIONS.get(case.kind, texts.ESCALATIONS[Kind.QUESTION])
        story.escalate(t + 60 + rng.randrange(600), agent.id, reason=self._text(pool), team=case.second_team,
                       line=Line.SECOND)  # fmt: skip
        expert = rng.choice(case.second_line)
        t = self.clock.working(t + _delay(rng, Channel.EMAIL, 4), rng)
        story.assign(t, (expert.id, ""), expert.id)
        if rng.random() < 0.6:
            story.note(t + 300 + rng.randrange(3600), expert.id, self._text(texts.NOTES))
        # Claims need a thorough review: a day or two, within the statutory ten days.
        t = self.clock.working(t + _delay(rng, Channel.EMAIL, 20 if case.kind == Kind.CLAIM else 6), rng)
        story.reply(t, expert.id, self._say(self._text(texts.FINALS[case.kind]), expert), RESOLVED)
        return expert, t

    def _aftermath(self, agent: Agent) -> None:
        """Reopen a few resolved tickets, and close the rest after the auto-close delay."""
        rng, story = self.rng, self.story
        reopen_at = None
        if rng.random() < REOPEN_SHARE.get(self.case.kind, 0) and story.resolved is not None:
            reopen_at = story.resolved + rng.randrange(4 * HOUR, 5 * DAY)
        if reopen_at is not None:
            if story.resolved is not None and reopen_at > story.resolved + AUTO_CLOSE_AFTER:
                story.change_status(story.resolved + AUTO_CLOSE_AFTER, SYSTEM, Status.CLOSED)
            story.inbound(reopen_at, self._text(texts.REOPENS))
            t = self.clock.working(reopen_at + _delay(rng, self.case.channel, 3), rng)
            story.reply(t, agent.id, self._say(self._text(texts.FINALS[self.case.kind]), agent), RESOLVED)
        if story.resolved is not None:
            story.change_status(story.resolved + AUTO_CLOSE_AFTER, SYSTEM, Status.CLOSED)
