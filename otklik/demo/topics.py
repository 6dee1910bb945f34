"""The demo topic tree and what customers write about each topic.

Each leaf lists the kinds of appeal it usually produces (with weights) and, per kind, the core of
what the customer says, as (Russian, English) pairs. The composer in ``texts.py`` wraps a core in a
greeting, details and a sign-off that depend on the channel, so a few cores give many distinct
tickets. Placeholders: {order}, {amount}, {date}, {hours} (2–4), {days} (with its unit), {item}, {code}, {last4}, {agent}.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from otklik.desk.choices import Kind

Pair = tuple[str, str]


@dataclass(frozen=True)
class Leaf:
    name: str
    name_en: str
    kinds: dict[str, float]
    subjects: list[Pair]
    texts: dict[str, list[Pair]] = field(default_factory=dict)


@dataclass(frozen=True)
class Branch:
    name: str
    name_en: str
    leaves: list[Leaf]


Q, C, CL, G, S = Kind.QUESTION, Kind.COMPLAINT, Kind.CLAIM, Kind.GRATITUDE, Kind.SUGGESTION

# Data tables read better as written than exploded one value a line.
# fmt: off
DELIVERY = Branch("Доставка", "Delivery", [
    Leaf("Опоздание доставки", "Late delivery", {C: 5, CL: 1.5, Q: 3}, [
        ("Заказ {order} опоздал", "Order {order} is late"),
        ("Где мой заказ?", "Where is my order?"),
        ("Доставка не пришла вовремя", "Delivery did not arrive on time"),
    ], {
        Q: [("Заказ {order} должны были привезти {date}, но его до сих пор нет. Когда ждать?",
             "Order {order} was due on {date} and it has not come yet. When should I expect it?"),
            ("Подскажите, пожалуйста, где сейчас курьер с заказом {order}?",
             "Could you tell me where the courier with order {order} is now?")],
        C: [("Заказ {order} привезли на {hours} ч позже обещанного, я отпрашивался с работы зря.",
             "Order {order} came {hours} hours later than promised; I took time off work for nothing."),
            ("Уже второй раз курьер опаздывает больше чем на {hours} часа и никто не предупреждает.",
             "This is the second time the courier is more than {hours} hours late and nobody warns me.")],
        CL: [("Заказ {order} опоздал на {days}, праздник прошёл. Прошу вернуть стоимость доставки {amount}.",
              "Order {order} was {days} late and the party is over. Please refund the delivery fee of {amount}.")],
    }),
    Leaf("Повреждённый товар", "Damaged goods", {C: 2, CL: 4, Q: 1}, [
        ("Товар пришёл повреждённым", "The item arrived damaged"),
        ("Разбито при доставке, заказ {order}", "Broken in delivery, order {order}"),
    ], {
        Q: [("В заказе {order} помята коробка ({item}). Как оформить проверку, если внутри что-то не так?",
             "The box in order {order} is dented ({item}). How do I request a check if something inside is wrong?")],
        C: [("Пакеты порвались, бутылка чуть не разбилась. Упаковывайте, пожалуйста, лучше.",
             "The bags tore and a bottle almost broke. Please pack better.")],
        CL: [("В заказе {order} пришёл разбитым товар ({item}). Прошу вернуть его стоимость {amount}.",
              "In order {order} the item ({item}) arrived broken. Please refund its price of {amount}."),
             ("Бутылка разбилась, всё залило. Прошу компенсировать {amount} — фото прикладываю.",
              "A bottle broke and soaked everything. Please compensate {amount}; photos attached.")],
    }),
    Leaf("Не тот товар", "Wrong item", {CL: 2, C: 2, Q: 1}, [
        ("Привезли не тот товар", "Wrong item delivered"),
        ("Путаница в заказе {order}", "Mix-up in order {order}"),
    ], {
        Q: [("Вместо заказанного привезли другое ({item}). Как обменять?",
             "I received something else instead of what I ordered ({item}). How do I exchange it?")],
        C: [("В заказе {order} опять перепутали позиции. Проверяйте заказы перед отправкой.",
             "Items in order {order} were mixed up again. Please check orders before sending.")],
        CL: [("Привезли не тот товар ({item}), а деньги списали {amount}. Верните деньги или привезите нужное.",
              "I got the wrong item ({item}) and was charged {amount}. Refund me or deliver the right one.")],
    }),
    Leaf("Курьер", "Courier", {C: 3, G: 4, Q: 1}, [
        ("Про курьера", "About the courier"),
        ("Курьер, заказ {order}", "Courier, order {order}"),
    ], {
        Q: [("Можно ли попросить курьера позвонить за час до приезда?",
             "Can the courier call an hour before arriving?")],
        C: [("Курьер разговаривал грубо и отказался поднять заказ на этаж.",
             "The courier was rude and refused to bring the order upstairs."),
            ("Курьер не позвонил, оставил заказ {order} у двери, без подтверждения.",
             "The courier did not call and left order {order} at the door without confirmation.")],
        G: [("Спасибо курьеру, который привёз заказ {order} в ливень и ещё помог донести до квартиры!",
             "Thanks to the courier who brought order {order} in the pouring rain and helped carry it in!")],
    }),
])

PAYMENTS = Branch("Оплата", "Payments", [
    Leaf("Двойное списание", "Double charge", {CL: 6, Q: 1}, [
        ("Двойное списание", "Charged twice"),
        ("Списали деньги два раза за заказ {order}", "Charged twice for order {order}"),
    ], {
        Q: [("Вижу два списания по {amount} за заказ {order}. Второе — это холдирование?",
             "I see two charges of {amount} for order {order}. Is the second one a hold?")],
        CL: [("За заказ {order} с карты *{last4} списали {amount} дважды. Прошу вернуть лишнее.",
              "For order {order} my card *{last4} was charged {amount} twice. Please refund the extra charge."),
             ("Оплатил {date}, деньги ушли два раза, {amount} и ещё {amount}. Срочно верните, завтра платёж по кредиту.",
              "I paid on {date} and was charged twice, {amount} and {amount} again. Please refund urgently, my loan payment is due tomorrow.")],
    }),
    Leaf("Возврат денег", "Refund", {CL: 4, Q: 3, C: 1}, [
        ("Возврат денег", "Refund"),
        ("Не пришёл возврат по заказу {order}", "Refund for order {order} has not arrived"),
    ], {
        Q: [("Отменил заказ {order} {date}. Через сколько дней вернутся деньги?",
             "I cancelled order {order} on {date}. How many days until the money is back?")],
        C: [("Возврат ждал {days}, и никто ничего не объяснял.",
             "I waited {days} for my refund and nobody explained anything.")],
        CL: [("Заказ {order} отменён {date}, а {amount} так и не вернулись на карту *{last4}.",
              "Order {order} was cancelled on {date}, but {amount} has not been returned to card *{last4}.")],
    }),
    Leaf("Оплата не прошла", "Failed payment", {Q: 4, CL: 1}, [
        ("Не проходит оплата", "Payment fails"),
        ("Ошибка при оплате", "Payment error"),
    ], {
        Q: [("При оплате картой *{last4} пишет «Ошибка банка». Что делать?",
             "Paying with card *{last4} shows \"Bank error\". What should I do?"),
            ("Можно ли оплатить заказ {order} по СБП?", "Can I pay for order {order} via SBP?")],
        CL: [("Оплата не прошла, но {amount} с карты списаны. Заказ не оформлен. Верните деньги.",
              "The payment failed but {amount} was taken from my card. No order was placed. Please refund.")],
    }),
    Leaf("Чек", "Receipt", {Q: 5}, [
        ("Нужен чек", "I need a receipt"),
        ("Чек по заказу {order}", "Receipt for order {order}"),
    ], {
        Q: [("Пришлите, пожалуйста, кассовый чек по заказу {order} на почту.",
             "Please email me the receipt for order {order}."),
            ("Нужны закрывающие документы для бухгалтерии по заказу {order}.",
             "I need closing documents for accounting for order {order}.")],
    }),
])

ORDERS = Branch("Заказы", "Orders", [
    Leaf("Изменение заказа", "Change an order", {Q: 5}, [
        ("Изменить заказ {order}", "Change order {order}"),
        ("Поменять адрес доставки", "Change the delivery address"),
    ], {
        Q: [("Можно ли добавить в заказ {order} ещё одну позицию ({item})?",
             "Can I add one more item ({item}) to order {order}?"),
            ("Хочу поменять адрес доставки заказа {order}, как это сделать?",
             "I want to change the delivery address of order {order}. How?")],
    }),
    Leaf("Отмена заказа", "Cancel an order", {Q: 4, C: 1}, [
        ("Отмена заказа", "Cancel my order"),
        ("Отменить {order}", "Cancel {order}"),
    ], {
        Q: [("Отмените, пожалуйста, заказ {order}, планы поменялись.",
             "Please cancel order {order}, my plans changed.")],
        C: [("Пытался отменить заказ {order} в приложении — кнопка не работает, пришлось писать вам.",
             "I tried to cancel order {order} in the app; the button does nothing, so I had to write to you.")],
    }),
    Leaf("Статус заказа", "Order status", {Q: 6}, [
        ("Статус заказа {order}", "Status of order {order}"),
        ("Когда отправите заказ?", "When will you ship my order?"),
    ], {
        Q: [("Заказ {order} уже {days} в статусе «Собирается». Всё в порядке?",
             "Order {order} has been \"being packed\" for {days}. Is everything fine?")],
    }),
])

ACCOUNT = Branch("Личный кабинет", "Account", [
    Leaf("Вход в личный кабинет", "Login problems", {Q: 5, C: 1}, [
        ("Не могу войти", "Cannot log in"),
        ("Не приходит код", "The code does not arrive"),
    ], {
        Q: [("Не приходит СМС с кодом для входа. Номер тот же, что и раньше.",
             "The SMS login code does not arrive. My number has not changed.")],
        C: [("Третий день не могу войти в личный кабинет, а поддержка в чате отвечает ботом.",
             "For three days I cannot log in, and the chat support only answers with a bot.")],
    }),
    Leaf("Персональные данные", "Personal data", {Q: 3, C: 1}, [
        ("Мои персональные данные", "My personal data"),
        ("Удалить аккаунт", "Delete my account"),
    ], {
        Q: [("Прошу удалить мой аккаунт и персональные данные.", "Please delete my account and personal data."),
            ("Какие мои данные вы храните? Прошу прислать выписку.",
             "What data of mine do you store? Please send me a copy.")],
        C: [("Мне звонят с рекламой, хотя я отказался от рассылок.",
             "I keep getting sales calls although I unsubscribed.")],
    }),
    Leaf("Уведомления", "Notifications", {S: 3, Q: 2}, [
        ("Уведомления", "Notifications"),
        ("Слишком много рассылок", "Too many newsletters"),
    ], {
        Q: [("Как отключить push-уведомления об акциях, но оставить статусы заказов?",
             "How do I turn off promo push notifications but keep order updates?")],
        S: [("Сделайте, пожалуйста, уведомление за час до приезда курьера.",
             "Please add a notification an hour before the courier arrives."),
            ("Было бы удобно получать статусы заказа в Telegram.",
             "It would be handy to get order updates in Telegram.")],
    }),
])

PRODUCT = Branch("Качество товара", "Product quality", [
    Leaf("Брак", "Defect", {CL: 4, C: 1, Q: 1}, [
        ("Бракованный товар", "Defective item"),
        ("Брак в заказе {order}", "Defect in order {order}"),
    ], {
        Q: [("Товар ({item}) перестал работать через неделю. Куда его сдать на проверку?",
             "The item ({item}) stopped working after a week. Where do I take it for a check?")],
        C: [("Уже второй раз попадается брак, качество стало хуже.",
             "It is the second defective item I get; the quality has dropped.")],
        CL: [("Товар ({item}) из заказа {order} оказался с браком. Требую вернуть {amount}.",
              "The item ({item}) from order {order} is defective. I demand a refund of {amount}."),
             ("Прошу заменить неисправный товар ({item}) или вернуть {amount}, чек прилагаю.",
              "Please replace the faulty item ({item}) or refund {amount}; receipt attached.")],
    }),
    Leaf("Не соответствует описанию", "Not as described", {CL: 2, C: 2, Q: 1}, [
        ("Не соответствует описанию", "Not as described"),
        ("Товар не такой, как на фото", "Item does not match the photo"),
    ], {
        Q: [("На сайте указан один размер, а пришёл другой ({item}). Это ошибка?",
             "The website says one size but I got another ({item}). Is that a mistake?")],
        C: [("Фото на сайте сильно приукрашены, в жизни товар ({item}) выглядит хуже.",
             "The photos on the site are far too flattering; the item ({item}) looks worse in real life.")],
        CL: [("Товар ({item}) не соответствует описанию. Оформите возврат {amount}.",
              "The item ({item}) is not as described. Please process a refund of {amount}.")],
    }),
])

APP = Branch("Сайт и приложение", "Website and app", [
    Leaf("Ошибка в приложении", "App error", {Q: 3, C: 2}, [
        ("Ошибка в приложении", "App error"),
        ("Приложение вылетает", "The app crashes"),
    ], {
        Q: [("После обновления приложение вылетает при открытии корзины. Что сделать?",
             "Since the update the app crashes when I open the cart. What can I do?")],
        C: [("Приложение постоянно зависает на оплате, уже {hours} раза терял корзину.",
             "The app keeps freezing at checkout; I lost my cart {hours} times.")],
    }),
    Leaf("Удобство", "Usability", {S: 5, C: 1}, [
        ("Предложение по сайту", "Website suggestion"),
        ("Идея для приложения", "App idea"),
    ], {
        C: [("Шрифт в приложении очень мелкий, ничего не разобрать.",
             "The app font is tiny, I can hardly read anything.")],
        S: [("Сделайте, пожалуйста, шрифт крупнее — родителям трудно читать.",
             "Please make the font bigger: my parents find it hard to read."),
            ("Добавьте тёмную тему в приложение.", "Please add a dark theme to the app."),
            ("Хорошо бы повторять прошлый заказ одной кнопкой.",
             "It would be great to repeat a past order with one button.")],
    }),
])

SERVICE = Branch("Обслуживание", "Customer service", [
    Leaf("Вежливость сотрудников", "Staff politeness", {C: 3, G: 4}, [
        ("Отзыв о сотруднике", "Feedback about an employee"),
        ("О работе поддержки", "About your support"),
    ], {
        C: [("Оператор {agent} говорил со мной раздражённо и бросил трубку.",
             "The agent {agent} was irritated with me and hung up.")],
        G: [("Хочу поблагодарить оператора {agent}: всё объяснил спокойно и быстро решил вопрос.",
             "I want to thank {agent}: explained everything calmly and solved it fast."),
            ("Спасибо {agent} за терпение и помощь! Редко встречаешь такую поддержку.",
             "Thank you {agent} for your patience and help! Rare to see support like this.")],
    }),
    Leaf("Время ожидания", "Waiting time", {C: 5, S: 1}, [
        ("Долго отвечаете", "You answer too slowly"),
        ("Очень долгое ожидание", "Very long wait"),
    ], {
        C: [("Ждал ответа в чате {hours} часа, это слишком долго.",
             "I waited {hours} hours for a chat reply; that is far too long."),
            ("Дозвониться невозможно, на линии по {hours}0 минут.",
             "It is impossible to get through, I was on hold for {hours}0 minutes.")],
        S: [("Пишите в чате, сколько примерно ждать ответа — так спокойнее.",
             "Show in the chat how long the wait is; it would be less stressful.")],
    }),
])

LOYALTY = Branch("Бонусы и акции", "Loyalty and promotions", [
    Leaf("Начисление бонусов", "Bonus points", {Q: 4, CL: 1, C: 1}, [
        ("Не начислены бонусы", "Bonus points missing"),
        ("Бонусы за заказ {order}", "Points for order {order}"),
    ], {
        Q: [("За заказ {order} не начислились бонусы. Когда они появятся?",
             "I did not get bonus points for order {order}. When will they appear?")],
        C: [("Бонусы сгорели без предупреждения, очень обидно.",
             "My points expired without any warning; very disappointing.")],
        CL: [("Бонусами оплатил {amount}, заказ отменили, а бонусы не вернули.",
              "I paid {amount} with points, the order was cancelled and the points were not returned.")],
    }),
    Leaf("Промокод", "Promo code", {Q: 4, S: 1, G: 1}, [
        ("Не работает промокод", "Promo code does not work"),
        ("Промокод {code}", "Promo code {code}"),
    ], {
        Q: [("Промокод {code} не применяется к заказу. Он ещё действует?",
             "Promo code {code} is not accepted. Is it still valid?")],
        S: [("Присылайте промокоды на день рождения, было бы приятно.",
             "Send a birthday promo code; it would be a nice touch.")],
        G: [("Спасибо за подарочный промокод, очень приятный сюрприз!",
             "Thanks for the gift promo code, a lovely surprise!")],
    }),
])
# fmt: on

TOPIC_TREE: list[Branch] = [DELIVERY, PAYMENTS, ORDERS, ACCOUNT, PRODUCT, APP, SERVICE, LOYALTY]
