"""What customers and agents write in the demo: templates and the composer that fills them.

Texts vary by kind, topic, language and channel (a chat message is one short line, an email has a
greeting and a signature), and by the details drawn for each ticket: order numbers, amounts, dates.
Agents' answers follow the house practice from the brief: claims get a decision with the money
stated, complaints an apology, suggestions thanks without a promise, and clarifying questions are
asked the way the brief recommends.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from otklik.demo.topics import Leaf
from otklik.desk.choices import Channel, Kind
from otklik.desk.content import subject_from

Pair = tuple[str, str]
RU, EN = 0, 1

ITEMS: list[Pair] = [
    ("кофемашина", "coffee machine"), ("чайник", "kettle"), ("детское автокресло", "child car seat"),
    ("набор посуды", "cookware set"), ("беспроводные наушники", "wireless headphones"),
    ("торт «Наполеон»", "Napoleon cake"), ("букет роз", "bouquet of roses"), ("пылесос", "vacuum cleaner"),
    ("вино, 2 бутылки", "two bottles of wine"), ("куртка, размер 48", "jacket, size 48"),
    ("смартфон", "smartphone"), ("настольная лампа", "desk lamp"),
]  # fmt: skip
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]  # fmt: skip


def plural_ru(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def money(amount: int, lang: int) -> str:
    if lang == RU:
        return f"{amount:,}".replace(",", " ") + " ₽"
    return f"RUB {amount:,}"


@dataclass(frozen=True)
class Details:
    """The facts of one ticket, drawn once so every message of the ticket agrees on them."""

    order: int
    amount: int
    date: date
    hours: int
    days: int
    item: int
    code: str
    last4: str
    agent: str

    def context(self, lang: int) -> dict[str, str]:
        day = (
            f"{self.date.day:02d}.{self.date.month:02d}"
            if lang == RU
            else f"{MONTHS_EN[self.date.month - 1]} {self.date.day}"
        )
        days = plural_ru(self.days, "день", "дня", "дней") if lang == RU else "days"
        return {
            "order": f"№ {self.order}" if lang == RU else f"#{self.order}",
            "amount": money(self.amount, lang),
            "date": day,
            "hours": str(self.hours),
            "days": f"{self.days} {days}",
            "item": ITEMS[self.item][lang],
            "code": self.code,
            "last4": self.last4,
            "agent": self.agent,
        }


def draw_details(rng: random.Random, created_day: int, kind: str, agent_names: list[str]) -> Details:
    """``created_day`` is the proleptic ordinal of the ticket's date; the order was placed before it."""
    # Claims are about real money: a long tail from a delivery fee to an expensive appliance.
    amount = int(rng.lognormvariate(8.6, 0.9)) // 10 * 10 + 10 if kind == Kind.CLAIM else rng.randrange(300, 9000, 10)
    return Details(
        order=rng.randint(100_000, 999_999), amount=amount,
        date=date.fromordinal(created_day - rng.randint(1, 9)),
        hours=rng.randint(2, 4), days=rng.randint(2, 9), item=rng.randrange(len(ITEMS)),
        code="".join(rng.choices("ABCDEFGHJKLMNPRSTUVWXYZ", k=4)) + str(rng.randrange(10, 100)),
        last4=f"{rng.randint(0, 9999):04d}", agent=rng.choice(agent_names),
    )  # fmt: skip


GREETINGS: list[Pair] = [("Здравствуйте!", "Hello,"), ("Добрый день!", "Good afternoon,"),
                         ("Добрый вечер.", "Hi,"), ("Здравствуйте.", "Dear support,")]  # fmt: skip
TAILS: dict[str, list[Pair]] = {
    Kind.QUESTION: [("Заранее спасибо.", "Thanks in advance."), ("", ""), ("Жду ответа.", "Looking forward to your reply.")],
    Kind.COMPLAINT: [("Очень неприятно.", "Very disappointing."), ("Надеюсь, такого больше не повторится.",
                      "I hope it will not happen again."), ("Раньше такого не было.", "This never used to happen.")],
    Kind.CLAIM: [("Жду ответа в установленный законом срок.", "I expect an answer within the statutory period."),
                 ("Фото и чек прикладываю.", "Photos and the receipt are attached."), ("Прошу решить быстро.", "Please resolve this quickly.")],
    Kind.GRATITUDE: [("Так держать!", "Keep it up!"), ("", ""), ("Буду рекомендовать вас друзьям.", "I will recommend you to friends.")],
    Kind.SUGGESTION: [("Спасибо, что слушаете клиентов.", "Thanks for listening to customers."), ("", "")],
}  # fmt: skip


def fill(pair: Pair, lang: int, ctx: dict[str, str]) -> str:
    return pair[lang].format_map(ctx)


def customer_first_message(
    rng: random.Random, *, leaf: Leaf, kind: str, lang: int, channel: str, ctx: dict[str, str], name: str
) -> tuple[str, str]:
    """Return (subject, body) of the message that opens a ticket."""
    core = fill(rng.choice(leaf.texts[kind]), lang, ctx)
    if channel in {Channel.EMAIL, Channel.FORM}:
        tail = fill(rng.choice(TAILS[kind]), lang, ctx)
        sign = ("С уважением,\n" if lang == RU else "Best regards,\n") + name if channel == Channel.EMAIL else name
        body = "\n\n".join(p for p in (fill(rng.choice(GREETINGS), lang, ctx), core, tail, sign) if p)
        return fill(rng.choice(leaf.subjects), lang, ctx), body
    if channel == Channel.PHONE:
        body = ("Звонок клиента. " if lang == RU else "Phone call. ") + core
        return subject_from(core), body
    # Chats and messengers: short living language, often without a greeting.
    body = core if rng.random() < 0.6 else f"{GREETINGS[0][lang]} {core}"
    return subject_from(core), body


PROMISES: list[Pair] = [("сегодня до конца рабочего дня", "by the end of today's working day"),
                        ("сегодня или завтра", "today or tomorrow"), ("завтра до 18:00", "tomorrow before 6 pm")]  # fmt: skip
ACKS: list[Pair] = [
    ("Спасибо, что написали. Мы проверяем информацию и вернёмся с ответом {promise}.",
     "Thank you for writing. We are checking the details and will come back {promise}."),
    ("Передала вопрос профильным специалистам, ответим {promise}.",
     "I have passed your question to our specialists; we will reply {promise}."),
]  # fmt: skip
CLARIFY: list[Pair] = [
    ("Уточните, пожалуйста: правильно ли я понимаю, что речь о заказе {order}?",
     "Just to check: do I understand correctly that this is about order {order}?"),
    ("Подскажите, пожалуйста, последние 4 цифры карты и дату оплаты — так найдём платёж быстрее.",
     "Could you tell me the last 4 digits of the card and the payment date? It helps us find the payment."),
    ("Вам подойдёт доставка завтра с 10 до 14?", "Would delivery tomorrow between 10 am and 2 pm suit you?"),
]  # fmt: skip
FINALS: dict[str, list[Pair]] = {
    Kind.QUESTION: [
        ("Готово: всё сделали по заказу {order}. Я ответил на ваш вопрос?",
         "Done: order {order} is sorted. Did I answer your question?"),
        ("Заказ {order} передан курьеру, приедет завтра. Подскажите, если нужно что-то ещё.",
         "Order {order} is with the courier and will arrive tomorrow. Let me know if you need anything else."),
        ("Отправили инструкцию на почту. Если что-то останется непонятным — напишите, повторю.",
         "We have emailed you the instructions. If anything is unclear, write and I will go through it again."),
    ],
    Kind.COMPLAINT: [
        ("Приносим искренние извинения. Мы разобрали ситуацию с командой и приняли меры, чтобы это не повторилось.",
         "We sincerely apologise. We have reviewed what happened with the team and taken steps so it does not happen again."),
        ("Простите, пожалуйста, за неудобства. Ваш отзыв передали руководителю службы, он уже в работе.",
         "Please accept our apologies. Your feedback went to the head of the service and is being acted on."),
    ],
    Kind.CLAIM: [
        ("Мы проверили платёж и вернули {amount} на карту *{last4}. Деньги поступят в течение 3–5 рабочих дней.",
         "We have checked the payment and refunded {amount} to card *{last4}. The money will arrive within 3–5 working days."),
        ("Претензию признали обоснованной: оформили возврат {amount} и начислили бонусы в качестве извинения.",
         "Your claim was upheld: we have refunded {amount} and added bonus points as an apology."),
        ("Мы проверили заказ {order}: второе списание — это холдирование банка, оно снимется в течение 3 дней. Повторного возврата не требуется.",
         "We have checked order {order}: the second charge is a bank hold and will be released within 3 days. No further refund is needed."),
    ],
    Kind.GRATITUDE: [
        ("Спасибо за тёплые слова! Обязательно передадим коллеге и руководителю.",
         "Thank you for the kind words! We will pass them on to our colleague and their lead."),
    ],
    Kind.SUGGESTION: [
        ("Спасибо за идею! Передали её команде продукта. Сроков обещать не можем, но каждое пожелание мы учитываем.",
         "Thank you for the idea! We have passed it to the product team. We cannot promise a date, but every wish is counted."),
    ],
}  # fmt: skip
FOLLOW_UPS: list[Pair] = [
    ("Да, всё верно.", "Yes, that's right."), ("Карта *{last4}, оплачивал {date}.", "Card *{last4}, paid on {date}."),
    ("А когда примерно ждать ответа?", "When roughly should I expect an answer?"),
    ("Подходит, спасибо.", "That works, thanks."),
]  # fmt: skip
REOPENS: list[Pair] = [
    ("Деньги так и не пришли.", "The money has still not arrived."),
    ("Проблема повторилась, опять то же самое.", "The problem is back, exactly the same."),
    ("Извините, но вопрос не решён.", "Sorry, but the issue is not resolved."),
]  # fmt: skip
ESCALATIONS: dict[str, list[Pair]] = {
    Kind.CLAIM: [("Претензия на {amount}: нужна проверка платежа и решение о возврате.",
                  "Claim for {amount}: the payment needs checking and a refund decision."),
                 ("Требование возврата {amount} по заказу {order}, срок по ЗоЗПП — 10 дней.",
                  "Refund demand of {amount} for order {order}; statutory deadline is 10 days.")],
    Kind.COMPLAINT: [("Жалоба на сотрудника — нужен разбор руководителем.", "Complaint about an employee: needs a lead's review."),
                     ("Повторная жалоба клиента, нужен разбор причин.", "Repeat complaint, root cause review needed.")],
    Kind.QUESTION: [("Нужен доступ к платёжной системе.", "Needs access to the payment system."),
                    ("Технический вопрос, первая линия не может проверить.", "Technical question the first line cannot check.")],
}  # fmt: skip
NOTES: list[Pair] = [
    ("Проверил в платёжном шлюзе: транзакции по заказу {order} найдены.", "Checked the payment gateway: order {order} transactions found."),
    ("Клиент постоянный, можно предложить промокод.", "Loyal customer, we can offer a promo code."),
    ("Связался со службой доставки, ждём ответ склада.", "Contacted the delivery service, waiting for the warehouse."),
    ("Согласовано со старшим смены.", "Agreed with the shift lead."),
]  # fmt: skip


def agent_reply(text: str, *, lang: int, channel: str, customer_first: str, agent_first: str) -> str:
    """Wrap an answer the way the channel expects: emails are complete letters, chats are lines."""
    if channel in {Channel.EMAIL, Channel.FORM}:
        hello = f"Здравствуйте, {customer_first}!" if lang == RU else f"Hello {customer_first},"
        sign = f"{agent_first}, служба поддержки" if lang == RU else f"{agent_first}, Customer support"
        return f"{hello}\n\n{text}\n\n{sign}"
    if channel == Channel.PHONE:
        return ("Итог звонка: " if lang == RU else "Call summary: ") + text
    return text


def pick(rng: random.Random, pool: list[Pair], lang: int, ctx: dict[str, str]) -> str:
    return fill(rng.choice(pool), lang, ctx)


def ack_text(rng: random.Random, lang: int, ctx: dict[str, str]) -> str:
    return pick(rng, ACKS, lang, {**ctx, "promise": rng.choice(PROMISES)[lang]})
