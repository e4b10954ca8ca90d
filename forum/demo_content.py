"""Demo summit written for this project: workstreams, people, propositions and discussions."""

import textwrap

_BLOCK_STARTS = ("#", "- ", "* ", "> ")


def _md(text: str) -> str:
    """Dedent a triple-quoted block and join soft-wrapped lines back into one line.

    Comments are rendered with nl2br, so a line break inside a paragraph would show.
    Blank lines, headings, list items and quotes still start a new line.
    """
    lines: list[str] = []
    for raw in textwrap.dedent(text).strip().splitlines():
        line = raw.strip()
        starts_block = line.startswith(_BLOCK_STARTS) or (line[:1].isdigit() and ". " in line[:4])
        previous = lines[-1] if lines else ""
        if line and previous and not starts_block and not previous.startswith("#"):
            lines[-1] = f"{previous} {line}"
        elif line or previous:
            lines.append(line)
    return "\n".join(lines)


def _guest(key: str) -> dict:
    """A fresh copy of a recurring guest's details, so no two comments share one dict."""
    return dict(_GUESTS[key])


SUMMIT = {
    "name": "Open Futures Summit 2026",
    "intro": _md("""
        A year-long conversation between residents, council staff and local groups in
        Harrowmere and the Lowfold villages about how public services, neighbourhoods and
        technology should change by 2030. Each workstream puts forward propositions, and
        everyone is welcome to question them, improve them or disagree.
    """),
}

PEOPLE = [
    {"key": "priya", "name": "Priya Raman", "email": "priya@example.org", "role": "admin"},
    {"key": "amara", "name": "Amara Okafor", "email": "amara@example.org", "role": "facilitator"},
    {
        "key": "tomasz",
        "name": "Tomasz Nowak",
        "email": "tomasz@example.org",
        "role": "facilitator",
    },
    {
        "key": "gareth",
        "name": "Gareth Llewellyn",
        "email": "gareth@example.org",
        "role": "facilitator",
    },
    {"key": "mei", "name": "Mei Chen", "email": "mei@example.org", "role": "facilitator"},
    {"key": "joan", "name": "Joan Whitaker", "email": "joan@example.org", "role": "facilitator"},
    {
        "key": "bill",
        "name": "Bill Hartley",
        "email": "bill.hartley@example.net",
        "role": "participant",
    },
    {
        "key": "sian",
        "name": "Siân Morgan",
        "email": "sian.morgan@example.com",
        "role": "participant",
    },
    {"key": "rosa", "name": "Rosa Delgado", "email": "rosa@example.com", "role": "participant"},
    {
        "key": "dev",
        "name": "Dev Sharma",
        "email": "dev.sharma@example.net",
        "role": "participant",
    },
]

# Recurring guests (no account): same name and email every time they comment.
_GUESTS = {
    "margaret": {
        "name": "Margaret Ellis",
        "email": "m.ellis@example.net",
        "website": "https://example.net/margaret",
    },
    "arthur": {"name": "Arthur Bramwell", "email": "arthur.bramwell@example.com"},
    "farida": {"name": "Farida Hussain", "email": "farida.h@example.net"},
    "kwame": {"name": "Kwame Mensah", "email": "kwame@example.com"},
    "lucy": {"name": "Lucy Tran", "email": "lucy.tran@example.org"},
    "owen": {"name": "Owen Griffiths", "email": "owen.griffiths@example.net"},
    "beatrice": {"name": "Beatrice Nwosu", "email": "bea.nwosu@example.com"},
    "colin": {"name": "Colin Fairbairn", "email": "colin.f@example.net"},
    "sofia": {
        "name": "Sofia Marquez",
        "email": "sofia@example.com",
        "website": "https://example.com/sofia-bakes",
    },
    "jamie": {"name": "Jamie Doyle", "email": "jamie.doyle@example.org"},
    "hannah": {"name": "Hannah Levi", "email": "hannah.levi@example.net"},
    "ravi": {"name": "Ravi Kulkarni", "email": "ravi.k@example.com"},
    "doreen": {"name": "Doreen Pike", "email": "doreen.pike@example.net"},
    "tunde": {"name": "Tunde Adeyemi", "email": "tunde.a@example.com"},
    "peter": {"name": "Peter Osei", "email": "peter.osei@example.net"},
    "grace": {"name": "Grace Whitfield", "email": "grace.w@example.com"},
    "nadia": {"name": "Nadia Rahman", "email": "nadia.rahman@example.org"},
    "stan": {"name": "Stan Kowalczyk", "email": "stan.k@example.net"},
    "ivy": {"name": "Ivy Chambers", "email": "ivy.chambers@example.net"},
    "dan": {
        "name": "Dan Ashworth",
        "email": "dan.ashworth@example.com",
        "website": "https://example.com/danashworth",
    },
    "yasmin": {"name": "Yasmin Clarke", "email": "yasmin.c@example.net"},
    "frank": {"name": "Frank Delaney", "email": "frank.delaney@example.net"},
    "ines": {"name": "Ines Carvalho", "email": "ines.c@example.org"},
    "chloe": {"name": "Chloe Banks", "email": "chloe.banks@example.org"},
    # One-off visitors, mostly still waiting for moderation.
    "pauline": {"name": "Pauline Marsh", "email": "p.marsh@example.com"},
    "alan": {"name": "Alan Coote", "email": "alan.coote@example.com"},
    "sunil": {"name": "Sunil Mehta", "email": "sunil.m@example.net"},
    "rita": {"name": "Rita Bowen", "email": "rita.bowen@example.com"},
    "lenny": {
        "name": "Lenny Shaw",
        "email": "lenny@example.com",
        "website": "https://example.com/lenny-tablet-help",
    },
    "derek": {"name": "Derek Holt", "email": "derek.holt@example.net"},
}

WORKSTREAMS = [
    {
        "number": 1,
        "slug": "health-and-care",
        "title": "Health, Care and Wellbeing",
        "description": _md("""
            How can people in Harrowmere get the care they need closer to home, and how do we
            look after the people doing the caring? This workstream covers GP and community
            health access, unpaid carers, loneliness and the everyday things that keep people
            well.

            We are especially keen to hear from **unpaid carers**, care workers and anyone who
            has recently tried to get help and found it hard. You don't need to know any
            jargon: just tell us what happened.
        """),
        "facilitators": ["amara"],
        "open": True,
    },
    {
        "number": 2,
        "slug": "homes-and-neighbourhoods",
        "title": "Homes and Neighbourhoods",
        "description": _md("""
            Repairs, empty buildings, shared spaces and what makes a street feel looked after.

            **This workstream has now closed.** Its propositions and the discussion below were
            summarised for the council's housing panel. You can still read everything here,
            but new comments are switched off.
        """),
        "facilitators": ["tomasz"],
        "open": False,
    },
    {
        "number": 3,
        "slug": "getting-around",
        "title": "Getting Around",
        "description": _md("""
            Buses, walking, cycling, community transport and the school run, and how we
            reach net zero without leaving anyone stranded.

            Harrowmere has a busy town centre and eleven villages, some with only a handful
            of buses a day. Propositions here try to balance *climate*, *cost* and *getting
            people where they need to go*.
        """),
        "facilitators": ["gareth", "tomasz"],
        "open": True,
    },
    {
        "number": 4,
        "slug": "learning-and-libraries",
        "title": "Learning, Libraries and Young People",
        "description": _md("""
            Libraries, adult learning, youth services and the first steps into work. What
            should a library be for in 2030, and how do young people get a real say and a
            real start?

            Comments from people under 25 are especially welcome. If you'd rather talk in
            person, the workstream meets at Harrowmere Central Library on the first Tuesday
            of every month.
        """),
        "facilitators": ["mei"],
        "open": True,
    },
    {
        "number": 5,
        "slug": "digital-public-services",
        "title": "Digital Public Services and Data",
        "description": _md("""
            How the council's services work online, on the phone and face to face, and how it
            looks after the information it holds about residents.

            Our starting point: *digital should be an option that makes things easier, never
            the only door.* We want to hear from people who love doing things online and from
            people who would rather never touch a computer.
        """),
        "facilitators": ["joan", "amara"],
        "open": True,
    },
]

# ---------------------------------------------------------------------------
# Discussion threads, one per proposition (depth 1 = top-level comment).
# ---------------------------------------------------------------------------

_THREAD_CARERS_CONTACT = [
    {
        "guest": _guest("farida"),
        "body": _md("""
            Yes, yes and yes. I have cared for my mum for six years since her stroke. Last
            winter I counted nine different people I had to explain her situation to in one
            month. A named person would have saved me hours, and a fair bit of crying in the
            hospital car park.
        """),
        "replies": [
            {
                "author": "amara",
                "body": _md("""
                    Thank you for sharing this, Farida. Nine people in a month is exactly the
                    kind of thing we heard at the workshop. Would you be willing to come to
                    the carers' session on the 14th? No pressure at all, and you can always
                    just reply here.
                """),
                "replies": [
                    {
                        "guest": _guest("farida"),
                        "body": _md("""
                            I'd like to, but it depends on whether I can get someone to sit
                            with Mum. Is there any help with that?
                        """),
                        "replies": [
                            {
                                "author": "amara",
                                "body": _md("""
                                    Yes. The carers' centre can arrange a sitter for the
                                    session at no cost to you. Ring them on the number on
                                    the workshop page and mention the summit. If that falls
                                    through, we'll set up a phone call with you instead.
                                """),
                                "replies": [
                                    {
                                        "guest": _guest("farida"),
                                        "body": "That's really kind. I've booked it. Thank you.",
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "author": "sian",
        "body": _md("""
            As a district nurse I'd love this, but I want to be honest about the workload.
            If one named contact ends up with 300 carers on their list, it becomes another
            phone nobody answers.

            We should put a number in the proposition, even a rough one. In my experience
            somewhere around 80 to 100 *active* carers is the most one person can actually
            know and keep track of.
        """),
        "replies": [
            {
                "guest": _guest("colin"),
                "body": _md("""
                    Who's paying for it? Sorry to be the one to ask, but every good idea at
                    these events turns into a job advert and then a cut two years later.
                """),
                "replies": [
                    {
                        "author": "amara",
                        "body": _md("""
                            It's a fair question, Colin, and not one we want to dodge. The
                            working group's rough estimate is six named contacts for the first
                            year, funded jointly from the council's carers' budget and the
                            local NHS. That's a proposal, not a promise. Part of the point of
                            the summit is to show decision-makers whether there's real support
                            before they commit.
                        """),
                        "replies": [
                            {
                                "guest": _guest("colin"),
                                "body": _md("""
                                    Six for the whole district? Going by Siân's numbers that
                                    covers a fraction of the carers. I'd rather it started
                                    small and was honest about who's first in the queue.
                                """),
                                "replies": [
                                    {
                                        "author": "sian",
                                        "body": _md("""
                                            Agree with Colin, which I didn't expect to say
                                            this morning! Start with carers of people leaving
                                            hospital. That's when things fall apart fastest.
                                        """),
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "guest": _guest("ines"),
        "body": _md("""
            I'm a home care worker. Often I'm the only person who sees the family carer every
            day. Could care workers be allowed to refer someone to the named contact? Lots of
            carers would never register themselves.
        """),
        "replies": [
            {
                "author": "amara",
                "body": _md("""
                    That's a brilliant point and not one we'd thought through. Adding it to the
                    open questions. Thank you, Ines.
                """),
            },
        ],
    },
    {
        "author": "bill",
        "body": _md("""
            My wife Jean had dementia for the last four years of her life and I looked after
            her. I never once called myself a carer. I was her husband. I think that's why
            nobody told me about any of this until near the end.

            Whatever you call the scheme, please don't make people tick a box saying
            "carer" before they can get help.
        """),
        "replies": [
            {
                "guest": _guest("margaret"),
                "body": _md("""
                    Bill, I'm so sorry about Jean. You're quite right about the word. My sister
                    said the same when she was looking after her husband.
                """),
            },
            {
                "author": "amara",
                "body": _md("""
                    Bill, thank you, and I'm sorry for your loss. This is the point in our
                    "open questions" section and you've put it far better than we did. We'll
                    look at how GP receptionists and pharmacists could gently ask *"do you help
                    look after someone?"* rather than *"are you a carer?"*
                """),
            },
        ],
    },
    {
        "author": "dev",
        "body": _md("""
            Young carers! I looked after my dad through most of sixth form and the school had
            no idea. Please make sure this includes under-18s, and that the named contact can
            talk to schools and colleges.
        """),
        "replies": [
            {
                "author": "amara",
                "body": _md("""
                    Thanks, Dev. Young carers have a separate assessment route at the moment,
                    but there's no reason the named contact couldn't link up with it. I'll
                    raise it with the Learning, Libraries and Young People workstream too.
                """),
            },
        ],
    },
    {
        "guest": _guest("pauline"),
        "body": _md("""
            Would this be open to people who live in Harrowmere but whose GP is over the
            border in Castlebridge? We are right on the edge.
        """),
        "pending": True,
    },
]

_THREAD_SOCIAL_PRESCRIBING = [
    {
        "guest": _guest("ivy"),
        "body": _md("""
            I've helped run the Tuesday lunch club at St Aidan's hall for nineteen years. We
            had three new people sent by the surgery last spring. Two of them are now
            regulars and one does the raffle. Lovely.

            But one gentleman needed help getting to the toilet and none of us are trained
            for that, and we didn't know who to ask. So yes to the money, but more so yes to
            someone we can ring.
        """),
        "replies": [
            {
                "author": "amara",
                "body": _md("""
                    Ivy, thank you. Nineteen years! The "someone to ring" point keeps coming
                    up. Would a named link worker for each group, with their number on a card,
                    do the job?
                """),
                "replies": [
                    {
                        "guest": _guest("ivy"),
                        "body": _md("""
                            A card by the kettle would do nicely. We don't all have mobiles
                            that do emails.
                        """),
                    },
                ],
            },
        ],
    },
    {
        "guest": _guest("tunde"),
        "body": _md("""
            Per-person payments worry me a bit. They reward groups for numbers, and the most
            valuable thing some of our groups do is sit with one person for an hour. Could it
            be a flat yearly amount instead, with a top-up if referrals go up a lot?
        """),
        "replies": [
            {
                "author": "rosa",
                "body": _md("""
                    From the business side: flat amounts are also much easier to plan for. You
                    can't book a room for next year if you don't know what's coming in.
                """),
            },
            {
                "author": "amara",
                "body": _md("""
                    Noted, both of you. We'll take a "flat amount plus top-up" option to the
                    next workstream meeting and see which people prefer.
                """),
            },
        ],
    },
    {
        "guest": _guest("jamie"),
        "body": _md("""
            Is there social prescribing for young people? Half my friends would rather do
            football or art than see a counsellor, but there's a waiting list for both lol
        """),
        "replies": [
            {
                "author": "amara",
                "body": _md("""
                    There is, Jamie, though it's patchy. Two GP practices already refer to the
                    youth climbing project and the Saturday art studio. We'd like the fund to
                    cover youth groups too, and I'll make that explicit in the next version.
                """),
            },
        ],
    },
]

_THREAD_HEALTH_CHECKS = [
    {
        "guest": _guest("kwame"),
        "body": _md("""
            The taxi rank by the station. Drivers sit there for hours and none of us go to the
            doctor until something falls off. Put a nurse in a van at the rank on a Wednesday
            afternoon and you'd have a queue.
        """),
        "replies": [
            {"author": "amara", "body": "Love this, Kwame. Wednesday afternoon noted!"},
        ],
    },
    {
        "guest": _guest("yasmin"),
        "body": _md("""
            What would put me off: having to bring the kids and queue in the cold. Would there
            be something for children to do, or could they come along to the library ones?
        """),
    },
    {
        "guest": _guest("lucy"),
        "body": _md("""
            I'm a student nurse and would happily volunteer at these. It would be good
            experience and we take blood pressures all day anyway. Has the university been
            asked?
        """),
        "replies": [
            {
                "author": "amara",
                "body": _md("""
                    Not yet, Lucy, but it will be now! I'll contact the nursing school's
                    placements team this week.
                """),
            },
        ],
    },
]

_THREAD_REPAIRS_CHARTER = [
    {
        "guest": _guest("nadia"),
        "body": _md("""
            As chair of the Eastbrook tenants' association I fully support this. One
            addition: the report card should be produced *with* tenants, not just about them.
            Otherwise the landlords are marking their own homework.
        """),
        "replies": [
            {
                "author": "tomasz",
                "body": _md("""
                    Agreed, Nadia. Would your association be willing to pilot a tenants' panel
                    that checks the figures before they're published?
                """),
                "replies": [
                    {
                        "guest": _guest("nadia"),
                        "body": _md("""
                            Yes, happily. We'd need somewhere to meet that isn't the
                            landlord's office, though. People don't speak freely there.
                        """),
                        "replies": [
                            {
                                "author": "tomasz",
                                "body": _md("""
                                    Understood. The community room at Eastbrook library is
                                    free on weekday evenings. I'll check it's available and
                                    come back to you.
                                """),
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "guest": _guest("stan"),
        "body": _md("""
            I've been a council tenant for forty-one years. Two-hour windows would be the best
            thing since sliced bread. I've lost more days sitting by the window waiting for a
            van than I care to count, and at my age I haven't got that many to spare.
        """),
        "replies": [
            {
                "guest": _guest("frank"),
                "body": "Ha! Well said, Stan. Same here, though I'm a few years behind you.",
            },
        ],
    },
    {
        "guest": _guest("owen"),
        "body": _md("""
            I work in the council's property services team, so I'm declaring an interest.
            Most of us want exactly this.

            The honest barrier on appointment windows is that our trades team covers the
            whole district, villages included, and one job in Lowfold can throw out a whole
            afternoon. Two-hour windows are doable in town. In the villages, a half-day window
            with a call when the operative is 30 minutes away might be more realistic. I'd
            rather we promised something we can keep.
        """),
        "replies": [
            {
                "guest": _guest("nadia"),
                "body": _md("""
                    That's a fair compromise, as long as the phone call actually happens. Half
                    the complaints we get are about nobody ringing.
                """),
            },
            {
                "author": "tomasz",
                "body": _md("""
                    Thanks, Owen. It's really helpful to hear this from the inside. I'll reword
                    the charter to allow a village variation with a guaranteed 30-minute call.
                """),
            },
        ],
    },
    {
        "guest": _guest("colin"),
        "body": _md("""
            "Repair before replace" sounds good but sometimes it's a false economy. We had a
            boiler patched up four times before anyone agreed to replace it. It should be
            "repair where it makes sense over the life of the thing".
        """),
        "replies": [
            {
                "author": "tomasz",
                "body": _md("""
                    Fair challenge, Colin. We'll change the wording to something like *repair
                    first where it is safe and makes sense over the item's remaining life*.
                    Less catchy, more accurate.
                """),
            },
        ],
    },
    {
        "guest": _guest("grace"),
        "body": _md("""
            Please include adaptations. When a lift or a ramp breaks it isn't an
            inconvenience, it means I can't leave my flat. These should count as emergency
            repairs, the same as a gas leak.
        """),
        "replies": [
            {
                "author": "tomasz",
                "body": "Absolutely right, Grace. Adding this as its own line in the charter.",
            },
            {"guest": _guest("stan"), "body": "Seconded."},
        ],
    },
]

_THREAD_EMPTY_SHOPS = [
    {
        "author": "rosa",
        "body": _md("""
            That was me at the drop-in! I've come round to it, mostly. If a repair café or a
            youth art show brings people onto the street, they buy a coffee. Just don't put a
            subsidised café next door to mine.
        """),
        "replies": [
            {
                "author": "tomasz",
                "body": _md("""
                    Noted, Rosa. The summary for the housing panel recommends that meanwhile
                    uses shouldn't compete directly with the businesses on either side.
                """),
            },
        ],
    },
    {
        "guest": _guest("sofia"),
        "body": _md("""
            I started my bakery from a market stall. A six-month pop-up would have been a
            dream: the step between a stall and a five-year lease is huge. Please make it easy
            to apply. One page, not forty.
        """),
    },
    {
        "guest": _guest("chloe"),
        "body": _md("""
            Our youth club lost its building last year. We'd take one of these units
            tomorrow. The one thing we'd need is a toilet that works, which rules out about
            half of them.
        """),
        "replies": [
            {
                "author": "tomasz",
                "body": _md("""
                    Thanks, Chloe. We've asked the property team for a list of units with
                    working facilities, so groups can be matched up quickly if the scheme goes
                    ahead.
                """),
            },
        ],
    },
]

_THREAD_VILLAGE_BUSES = [
    {
        "guest": _guest("doreen"),
        "body": _md("""
            I live in Lowfold St Mary and I'm 82. I gave up driving three years ago on my
            son's say-so. Since then I get out twice a week, if the 44 is running. I would use
            an hourly bus every single day, even if it was only to go to the shop and back
            and see a face. Please do this.
        """),
        "replies": [
            {
                "author": "gareth",
                "body": _md("""
                    Doreen, thank you. "See a face" is the part that never shows up in
                    transport models, and it should. Would you mind if we quoted you, without
                    your name, in the summary?
                """),
                "replies": [
                    {
                        "guest": _guest("doreen"),
                        "body": "You can use my name. I'm too old to be shy.",
                    },
                ],
            },
        ],
    },
    {
        "guest": _guest("colin"),
        "body": _md("""
            I'll be the grumpy one again. Electric minibuses are lovely but cost a fortune up
            front, and the old loop was cut because it ran empty for most of the day. What's
            different this time?
        """),
        "replies": [
            {
                "author": "gareth",
                "body": _md("""
                    A reasonable challenge. Three things are different:

                    1. the new Millbrook estate adds about 600 homes along the loop
                    2. the bookable evening service means we don't run empty buses at night
                    3. the old loop didn't connect reliably, so people stopped trusting it

                    Whether that's enough is exactly what we want to test.
                """),
                "replies": [
                    {
                        "guest": _guest("colin"),
                        "body": _md("""
                            The connection point I'll grant you. A bus that leaves you
                            standing at Crossley Green in the rain is worse than no bus.
                        """),
                        "replies": [
                            {
                                "guest": _guest("dan"),
                                "body": _md("""
                                    And if the connection is reliable, put a secure bike
                                    shelter at Crossley Green too, so people from the
                                    outlying farms can cycle to the stop. It multiplies the
                                    number of people the bus can serve.
                                """),
                                "replies": [
                                    {
                                        "guest": _guest("colin"),
                                        "body": _md("""
                                            Now that's a sensible idea, and it's cheap. Put
                                            it in.
                                        """),
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "guest": _guest("jamie"),
        "body": _md("""
            I'm at Harrowmere College and I live in Upper Fold. The 44 gets me in 40 minutes
            early or 20 minutes late for my first lesson. I've had two warnings for lateness
            because of a bus. Hourly would literally change my life.
        """),
        "replies": [
            {
                "author": "dev",
                "body": _md("""
                    Same when I was at college. I ended up dropping my Thursday class. Loads
                    of people quietly give up on courses because of this and it never shows
                    up in any statistics.
                """),
            },
            {
                "author": "gareth",
                "body": _md("""
                    Jamie, Dev, thank you. We're asking the college for figures on late
                    arrivals by postcode, which should make this visible.
                """),
            },
        ],
    },
    {
        "guest": _guest("kwame"),
        "body": _md("""
            As a taxi driver I'm supposed to hate this, but honestly the short village runs
            to hospital appointments aren't worth much to us and the passengers can't afford
            them. The bookable evening service sounds sensible. Please make sure booking works
            by phone, with a human.
        """),
        "replies": [
            {
                "author": "tomasz",
                "body": _md("""
                    It will, Kwame. The booking line would be staffed from 7am to 9pm. We've
                    seen the problems app-only booking causes elsewhere, and there's a whole
                    thread about it in the Digital Public Services workstream.
                """),
            },
        ],
    },
    {
        "guest": _guest("margaret"),
        "body": _md("""
            A few practical points from someone who used the old loop for years:

            - the stops need **shelters and seats**, not just a pole in a verge
            - timetables should be printed and put up in the village shop and the pub, not
              only online
            - drivers on the old loop knew everyone and would wait thirty seconds if they saw
              you coming. Please keep that spirit.

            I'd add that the old service was reliable until its last year, when it kept being
            cancelled at short notice. That's what killed it, not a lack of passengers.
        """),
        "replies": [
            {
                "author": "gareth",
                "body": _md("""
                    Thank you, Margaret, that's very useful. Do you remember roughly when the
                    cancellations started? We'd like to match it against the operator's
                    records.
                """),
                "replies": [
                    {
                        "guest": _guest("margaret"),
                        "body": _md("""
                            The autumn before it was cut. The driver told us they couldn't
                            recruit, and he was covering two routes.
                        """),
                        "replies": [
                            {
                                "author": "gareth",
                                "body": _md("""
                                    That fits what we've heard. Driver recruitment and pay
                                    will need to be part of the plan, not an afterthought.
                                    Thank you.
                                """),
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "guest": _guest("alan"),
        "body": _md("""
            Has anyone asked the farms about using the bus for seasonal workers? At the moment
            they're brought in by private minibus.
        """),
        "pending": True,
    },
    {
        "author": "sian",
        "body": _md("""
            Short one: please include the community hospital at Fenwick on the route. Half my
            patients from the villages miss physio because they can't get there.
        """),
        "replies": [
            {
                "author": "gareth",
                "body": _md("""
                    Noted, Siân. Fenwick is about ten minutes off the loop. We'll look at a
                    variant that calls there on alternate runs.
                """),
            },
        ],
    },
]

_THREAD_SCHOOL_STREETS = [
    {
        "guest": _guest("yasmin"),
        "body": _md("""
            I'm one of the parents who drives. I drop my two at St Cuthbert's at 8:40 and I
            start work at 9 at the other end of town. Walking isn't an option. I'm not against
            this, but I'd need a drop-off point that doesn't add fifteen minutes.
        """),
        "replies": [
            {
                "author": "tomasz",
                "body": _md("""
                    Thanks, Yasmin, this is exactly the situation we need to plan for. For St
                    Cuthbert's the idea is a drop-off at the church car park, about 200 metres
                    away, with a member of staff walking children in. Would that work for you?
                """),
                "replies": [
                    {
                        "guest": _guest("yasmin"),
                        "body": _md("""
                            If someone walks them in, yes. My youngest is five and I'm not
                            leaving her at a gate on her own.
                        """),
                    },
                ],
            },
        ],
    },
    {
        "guest": _guest("grace"),
        "body": _md("""
            My son uses a wheelchair and we have a blue badge. Please make sure the marshals
            actually know the exemption rules. I've been shouted at by well-meaning
            volunteers before.
        """),
        "replies": [
            {
                "author": "tomasz",
                "body": _md("""
                    That's really important, Grace. Marshal training will cover exemptions,
                    and the exemption will come as a permit you can simply show, rather than
                    having to explain yourself.
                """),
            },
        ],
    },
    {
        "guest": _guest("dan"),
        "body": _md("""
            Strongly support. For anyone wondering how these trials usually go, I wrote up
            what we learned from the pilot on Mill Lane: [school street
            notes](https://example.org/school-streets/mill-lane-pilot).

            The main lessons: start with the school that *wants* it, and get the lollipop
            person on side early.
        """),
        "replies": [
            {
                "guest": _guest("frank"),
                "body": _md("""
                    Nothing against it, but you'll have Station Road up in arms if the traffic
                    just moves round the corner. Has anyone counted the cars?
                """),
                "replies": [
                    {
                        "author": "tomasz",
                        "body": _md("""
                            Not yet, Frank. Traffic counts on the surrounding streets, before
                            and during the trial, are part of the plan so we can see whether
                            it just moves the problem somewhere else.
                        """),
                    },
                ],
            },
        ],
    },
    {
        "guest": _guest("jamie"),
        "body": _md("""
            My little brother's at Eastbrook Primary and he'd love to scoot in. At the moment
            the pavement's too narrow because of all the parked cars.
        """),
    },
]

_THREAD_LIBRARY_DIGITAL_HELP = [
    {
        "guest": _guest("beatrice"),
        "body": _md("""
            I've been a library assistant at Harrowmere Central for eleven years. Yesterday
            alone I helped a man apply for a blue badge, showed a woman how to see her test
            results on her phone, and spent forty minutes on hold to the council with someone
            whose council tax account had locked.

            I love helping. But I'm also supposed to be running the children's rhyme time.
            Recognition and proper staffing would make a huge difference.
        """),
        "replies": [
            {
                "author": "mei",
                "body": _md("""
                    Beatrice, thank you, and for everything you do. The forty minutes on hold
                    is why we included the direct line to council teams. Would a named contact
                    in council tax have saved most of that time?
                """),
                "replies": [
                    {
                        "guest": _guest("beatrice"),
                        "body": _md("""
                            Most of it, yes. Usually the answer is quick once you reach the
                            right person. It's the reaching that takes the time.
                        """),
                        "replies": [
                            {
                                "guest": _guest("peter"),
                                "body": _md("""
                                    I work in revenues and benefits. We'd genuinely welcome a
                                    library line. It's far better for us than someone getting
                                    frustrated and giving up. I'll take this back to my
                                    manager.
                                """),
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "guest": _guest("arthur"),
        "body": _md("""
            I am 84 and do not own a computer. Beatrice at the library is typing this for me.
            She has helped me with my pension letter and my bus pass renewal, and I would not
            have managed without her.

            I want to say that the library is a warm place where nobody makes you feel
            stupid. Please give them more staff.

            Arthur Bramwell
        """),
        "replies": [
            {
                "author": "mei",
                "body": _md("""
                    Mr Bramwell, thank you for taking the time to tell us, and please pass on
                    our thanks to Beatrice for typing! "A warm place where nobody makes you
                    feel stupid" is a very good description of what we want to protect.
                """),
            },
            {
                "guest": _guest("ivy"),
                "body": "Hear hear, Arthur. See you at the lunch club on Tuesday.",
            },
        ],
    },
    {
        "guest": _guest("ravi"),
        "body": _md("""
            Supportive, but one concern: staff handling people's passwords is a real
            safeguarding and data protection risk, for the staff as much as the public. The
            proposition mentions privacy rules. Could we see a draft? Happy to help write
            it, as I do this sort of thing at work.
        """),
        "replies": [
            {
                "author": "mei",
                "body": _md("""
                    Thanks, Ravi, we'd really welcome that. There's a working group meeting on
                    the 3rd and I'll email you the details. The key principle so far is that
                    staff guide people to type their own details wherever possible, and never
                    write passwords down.
                """),
                "replies": [
                    {
                        "guest": _guest("ravi"),
                        "body": _md("""
                            That's the right principle. Also worth having a simple written
                            consent form for when someone genuinely can't type it themselves.
                        """),
                    },
                ],
            },
        ],
    },
    {
        "guest": _guest("colin"),
        "body": _md("""
            I'm all for libraries, but let's not pretend this is free. Who pays for the extra
            staff when the council is closing things left, right and centre?
        """),
        "replies": [
            {
                "guest": _guest("margaret"),
                "body": _md("""
                    Colin, the council is already paying for it. It's just paying in
                    Beatrice's unpaid stress and everyone else's wasted phone calls. Better to
                    do it properly.
                """),
                "replies": [
                    {
                        "guest": _guest("colin"),
                        "body": _md("""
                            Fair point, Margaret. I'll grant it's cheaper than people giving
                            up and ending up in A&E.
                        """),
                    },
                ],
            },
        ],
    },
    {
        "guest": _guest("sunil"),
        "body": _md("""
            Will the devices you can borrow include tablets set up with large text? My father
            has macular degeneration.
        """),
        "pending": True,
    },
]

_THREAD_FIRST_JOBS = [
    {
        "guest": _guest("jamie"),
        "body": _md("""
            8 hours is about right. Any more and college work suffers. Please make the hours
            flexible around exams!
        """),
        "replies": [
            {
                "author": "mei",
                "body": "Good call, Jamie. Flexibility in exam season is going in.",
            },
        ],
    },
    {
        "guest": _guest("chloe"),
        "body": _md("""
            Paying the same regardless of age is the right call. Young people notice when
            they're paid less to do the same job, and it tells them how much they're valued.
        """),
    },
    {
        "author": "rosa",
        "body": _md("""
            Small businesses would love something similar. Could the mentor training be
            opened up to us too? I'd take on a young person at the café, but I've never
            managed anyone.
        """),
        "replies": [
            {
                "author": "mei",
                "body": _md("""
                    Rosa, that's a lovely idea and not one we'd considered. I'll ask the
                    college whether their employer training could be shared.
                """),
            },
        ],
    },
]

_THREAD_WITHOUT_INTERNET = [
    {
        "author": "bill",
        "body": _md("""
            As far as I'm concerned this is the most important thing in the whole summit.

            Last month I tried to report a broken street light and was told to "go on the
            website". I don't have the website. I have a telephone and a pen. I've paid my
            council tax for fifty years and I'd like to be able to talk to somebody.
        """),
        "replies": [
            {
                "guest": _guest("ravi"),
                "body": _md("""
                    I sympathise, Bill, but for something like a street light the online form
                    genuinely gets it to the right team faster. A phone call just means
                    someone typing what you said into the same form. Wouldn't the money be
                    better spent helping people get online?
                """),
                "replies": [
                    {
                        "author": "bill",
                        "body": _md("""
                            Son, I'm 78. I did the computer course at the library. I know how
                            to do it. I just don't like it, and my hands shake on the little
                            buttons. Why should I have to?
                        """),
                        "replies": [
                            {
                                "guest": _guest("ravi"),
                                "body": _md("""
                                    That's fair, and I'm sorry, I was being glib. "I can, but
                                    I'd rather not" is a legitimate choice and I hadn't really
                                    thought of it that way.
                                """),
                                "replies": [
                                    {
                                        "author": "bill",
                                        "body": _md("""
                                            No offence taken. You're right that it's quicker
                                            for the council. I just want the choice.
                                        """),
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
            {
                "author": "joan",
                "body": _md("""
                    Bill, thank you for starting us off. Street lights are a good example: a
                    phone line exists, but it isn't advertised and the recorded message pushes
                    you to the website. That's one of the things this proposition would change.
                """),
            },
        ],
    },
    {
        "guest": _guest("peter"),
        "body": _md("""
            I work in revenues and benefits, so I see both sides. About 70% of our contacts
            now come online, and they're generally quicker and cheaper to handle. That saving
            is real and it has protected jobs.

            But the 30% who phone or come in are often the people with the most complicated
            situations: debt, bereavement, disability. Squeeze those routes too hard and we
            end up with more mistakes, more appeals and more cost. So I support this, with one
            caveat: "within a reasonable time" needs defining, or it'll mean nothing.
        """),
        "replies": [
            {
                "author": "joan",
                "body": _md("""
                    Thanks, Peter. It's helpful to hear it from the inside. What would you
                    consider a reasonable target?
                """),
                "replies": [
                    {
                        "guest": _guest("peter"),
                        "body": _md("""
                            Honestly? 80% of calls answered within 5 minutes, and nobody on
                            hold for more than 20. We hit that some months and not others.
                        """),
                        "replies": [
                            {
                                "guest": _guest("colin"),
                                "body": _md("""
                                    Twenty minutes is far too long if you're paying by the
                                    minute on a mobile. Is it a freephone number?
                                """),
                                "replies": [
                                    {
                                        "guest": _guest("peter"),
                                        "body": _md("""
                                            It isn't at the moment. Good point, Colin. Call
                                            costs hit exactly the people this is meant to
                                            help.
                                        """),
                                    },
                                    {
                                        "author": "joan",
                                        "body": _md("""
                                            Adding freephone, or a call-back option, to the
                                            list of things to cost up. Thank you both.
                                        """),
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "author": "dev",
        "body": _md("""
            A slightly different view from a 20-year-old: I hate phoning. I'd genuinely rather
            wait a week for an email than ring someone. So please don't go backwards on
            digital either. This should be about *adding* options, not swapping one for
            another.
        """),
        "replies": [
            {
                "author": "joan",
                "body": _md("""
                    Completely agree, Dev. The proposition is about making sure there's always
                    a non-digital route, not about taking online services away.
                """),
            },
            {
                "guest": _guest("jamie"),
                "body": _md("""
                    Same. Also, webchat! Half the time that's the best of both: you get a human
                    but you don't have to talk out loud.
                """),
                "replies": [
                    {
                        "guest": _guest("margaret"),
                        "body": _md("""
                            Webchat is still the internet, Jamie. But I take the point that
                            not everyone likes the phone. My neighbour is deaf and the phone
                            is useless to her. Which rather proves the proposition: people
                            need different routes.
                        """),
                        "replies": [
                            {
                                "guest": _guest("jamie"),
                                "body": _md("""
                                    Oh yeah, fair. Different routes for different people,
                                    that's the whole thing really.
                                """),
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "guest": _guest("farida"),
        "body": _md("""
            Something nobody mentions: I do everything online *for my mum*. But half the
            council's online services won't let me act for her unless she logs in herself,
            which she can't. So I end up pretending to be her, which I know I shouldn't.
            Please include proper ways for carers and family to act on someone's behalf.
        """),
        "replies": [
            {
                "author": "joan",
                "body": _md("""
                    Farida, this is a really important point and I think it deserves its own
                    proposition. It's sometimes called "proxy access". Would you be happy for
                    us to draft one and share it with you first?
                """),
                "replies": [
                    {"guest": _guest("farida"), "body": "Yes please."},
                ],
            },
            {
                "guest": _guest("hannah"),
                "body": _md("""
                    We have the same problem in GP practices. There is a proper proxy route
                    for the NHS app, but it's buried and most families don't know it exists.
                    The council and the NHS should solve this together rather than invent two
                    different systems.
                """),
                "replies": [
                    {
                        "author": "amara",
                        "body": _md("""
                            Strongly agree, Hannah. I'll raise it at the joint health and
                            council digital meeting next month.
                        """),
                    },
                ],
            },
        ],
    },
    {
        "guest": _guest("margaret"),
        "body": _md("""
            > nobody should pay more, wait longer or get a worse outcome because they chose a
            non-digital route

            This is the part that matters most to me. At the moment a resident parking permit
            is £5 cheaper online. It's a small thing, but it tells you who the system is built
            for. I'd put that sentence at the very top of the proposition.
        """),
        "replies": [
            {
                "author": "joan",
                "body": "Good suggestion, Margaret. I'll move it up in the next draft.",
            },
            {
                "guest": _guest("owen"),
                "body": _md("""
                    For what it's worth, the online discount came about because the online
                    process costs the council less to run. I'm not saying it's right, just
                    that there was a reason. Removing it would cost a small amount that we'd
                    need to find elsewhere.
                """),
                "replies": [
                    {
                        "guest": _guest("margaret"),
                        "body": _md("""
                            I understand that, Owen, and I'm sure it was done with good
                            intentions. But if a service is cheaper to run online, that's the
                            council's saving. It shouldn't become a penalty for those of us
                            who can't or won't.
                        """),
                        "replies": [
                            {
                                "guest": _guest("owen"),
                                "body": _md("""
                                    That's a fair way of putting it, and probably how I'd
                                    argue it internally. Thanks, Margaret.
                                """),
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "guest": _guest("tunde"),
        "body": _md("""
            At the community centre we run a weekly "paperwork morning". The things people
            bring in most often that they can't do without the internet:

            1. booking a bulky waste collection
            2. school admissions
            3. updating the housing register
            4. the council tax single-person discount

            That would be my priority list for non-digital routes.
        """),
        "replies": [
            {
                "author": "joan",
                "body": _md("""
                    This is gold, Tunde, thank you. School admissions surprised me. I'll check
                    whether the paper form still exists.
                """),
                "replies": [
                    {
                        "guest": _guest("tunde"),
                        "body": _md("""
                            It exists, but you have to phone to ask for it, and the phone line
                            tells you to go online. Round and round.
                        """),
                        "replies": [
                            {
                                "author": "joan",
                                "body": _md("""
                                    That's exactly the loop we want to break. Added to the
                                    list.
                                """),
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "guest": _guest("kwame"),
        "body": _md("""
            Why not put it all into getting people online? Every pound spent on phone lines
            now is a pound not spent on teaching people. In ten years most people will be
            online anyway.
        """),
        "replies": [
            {
                "guest": _guest("stan"),
                "body": _md("""
                    In ten years, young man, there will be a new lot of 80-year-olds, and some
                    of them will be struggling with whatever comes after smartphones. This
                    isn't a problem that goes away with age.
                """),
                "replies": [
                    {
                        "guest": _guest("kwame"),
                        "body": _md("""
                            Ha, that's a good point, Stan. My mum is 60 and she already says
                            the new banking app is beyond her.
                        """),
                    },
                ],
            },
            {
                "guest": _guest("doreen"),
                "body": _md("""
                    And the internet doesn't work in half of Lowfold anyway. My neighbour has
                    to stand at the end of the garden to get a signal.
                """),
                "replies": [
                    {
                        "author": "joan",
                        "body": _md("""
                            Doreen, rural connection came up again and again. It's mostly
                            outside what the council controls, which is one more reason a
                            route that doesn't need the internet has to exist.
                        """),
                    },
                ],
            },
        ],
    },
    {
        "guest": _guest("ivy"),
        "body": _md("""
            What happens next with all these comments? Does anybody at the council actually
            read them?
        """),
        "replies": [
            {
                "author": "joan",
                "body": _md("""
                    Yes, Ivy. When the comment period ends we write a summary of every
                    proposition, including the disagreements. It goes to the council's cabinet
                    and is published here. Facilitators read every comment, and I've read all
                    of these at least twice!
                """),
                "replies": [
                    {
                        "guest": _guest("ivy"),
                        "body": "Well, that's good to know. Thank you, dear.",
                    },
                    {
                        "author": "priya",
                        "body": _md("""
                            And a note from the summit team: the summaries will also be
                            printed and left at every library, for anyone who would rather
                            read them on paper.
                        """),
                    },
                ],
            },
        ],
    },
    {"guest": _guest("frank"), "body": "Proper job. I support this."},
    {
        "guest": _guest("grace"),
        "body": _md("""
            Please add text relay and BSL video relay to the non-internet list. For deaf
            residents the phone isn't an option either.
        """),
        "replies": [
            {
                "author": "joan",
                "body": _md("""
                    Thank you, Grace. You're right that "phone" doesn't cover it. We'll list
                    text relay and BSL interpreting explicitly.
                """),
            },
        ],
    },
    {
        "guest": _guest("rita"),
        "body": _md("""
            I tried to renew my mother's blue badge and was told it's online only. Is that
            true? She's 91.
        """),
        "pending": True,
    },
    {
        "guest": _guest("lenny"),
        "body": _md("""
            Great discussion. I run a small business setting up tablets for older people and
            I'm happy to help anyone who needs it. Details on my site.
        """),
        "pending": True,
    },
]

_THREAD_DATA_REGISTER = [
    {
        "guest": _guest("ravi"),
        "body": _md("""
            Strong support. Two suggestions:

            - publish it in a machine-readable format as well as plain English, so people
              can build tools on it and spot changes
            - give the **legal basis** for each use in a short phrase, not just "we need it"

            There's a good example of [a layered privacy
            notice](https://example.org/guides/layered-privacy-notices) that does both.
        """),
        "replies": [
            {
                "author": "joan",
                "body": _md("""
                    Thanks, Ravi. Machine-readable as well is a good shout, and it shouldn't
                    cost much extra once the content exists.
                """),
            },
        ],
    },
    {
        "guest": _guest("margaret"),
        "body": _md("""
            I'd very much like the printed booklet. I'm not sure I'd understand all of it,
            but I'd like to know that I could.
        """),
        "replies": [
            {
                "author": "joan",
                "body": _md("""
                    That's the spirit of it, Margaret. We'll test the booklet with a library
                    reading group before it goes out.
                """),
            },
        ],
    },
    {
        "guest": _guest("nadia"),
        "body": _md("""
            Sharing with private contractors is the bit tenants worry about. When the repairs
            contractor changed last year, a lot of people started getting marketing calls.
            Was that a coincidence? People want to know.
        """),
        "replies": [
            {
                "author": "joan",
                "body": _md("""
                    I can't comment on that particular case, Nadia, but it's exactly why the
                    register would name contractors. If anyone thinks their data has been
                    misused, there's a formal route through the council's data protection
                    officer, and I'll add those details to the proposal.
                """),
                "replies": [
                    {
                        "guest": _guest("nadia"),
                        "body": "Naming them would help. Thank you.",
                        "replies": [
                            {
                                "guest": _guest("ravi"),
                                "body": _md("""
                                    Worth adding that contracts should say contractors can't
                                    use the data for anything else, and the register could
                                    link to that clause. Publicly.
                                """),
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "guest": _guest("colin"),
        "body": _md("""
            Personal data statements sound like a lot of admin for something most people will
            never ask for.
        """),
        "replies": [
            {
                "author": "dev",
                "body": _md("""
                    Maybe, but it only needs to be *possible*. Most people never ask for their
                    medical records either, but it matters that they can.
                """),
                "replies": [
                    {
                        "guest": _guest("colin"),
                        "body": "Hm. Fair, I suppose, as long as it doesn't cost a fortune.",
                    },
                ],
            },
        ],
    },
    {
        "guest": _guest("derek"),
        "body": _md("""
            Will this include the CCTV and the number plate cameras in the town centre car
            parks?
        """),
        "pending": True,
    },
]

_THREAD_TELL_US_ONCE = [
    {
        "guest": _guest("peter"),
        "body": _md("""
            Revenues and benefits would love this. The number of overpayments we have to claw
            back simply because a move wasn't passed on is heartbreaking, and it's rarely the
            person's fault.
        """),
    },
    {
        "guest": _guest("margaret"),
        "body": _md("""
            Bereavement first, please. When my husband died I was sent a council tax reminder
            in his name four months later. I know it was a computer, but it didn't feel like
            one.
        """),
        "replies": [
            {
                "author": "amara",
                "body": _md("""
                    I'm so sorry, Margaret. That is exactly why bereavement is at the top of
                    the list in the draft. Thank you for telling us.
                """),
            },
        ],
    },
]

# ---------------------------------------------------------------------------
# Propositions
# ---------------------------------------------------------------------------

PROPOSITIONS = [
    # 1. Health, Care and Wellbeing
    {
        "workstream": "health-and-care",
        "slug": "named-contact-for-unpaid-carers",
        "title": "A named contact for every unpaid carer",
        "author": "amara",
        "tags": ["care", "carers", "older people", "young people"],
        "days_ago": 24,
        "comments_open": True,
        "body": _md("""
            Around one in eight adults in Harrowmere looks after someone without being paid
            for it: a parent, a partner, a child with complex needs, a neighbour. Most told us
            the hardest part isn't the caring itself. It's the *chasing*: repeating the same
            story to different teams, not knowing who to ring, and finding out about support
            years too late.

            ## What we propose

            Every unpaid carer who registers with their GP practice or the council would be
            offered **one named contact**, a real person with a direct phone number and
            email, who:

            - helps them understand what support exists, including breaks and any money
              they may be entitled to
            - can speak to other services on their behalf, with permission
            - checks in at least every three months, or more often if asked
            - hands over properly if they leave, so nobody has to start from scratch

            ## Why it matters

            At our first workshop, one carer put it like this:

            > I don't need another leaflet. I need somebody who remembers my name and my
            mum's name.

            ## Open questions

            We haven't settled who employs the named contacts (the council, the NHS or a
            local carers' charity), how many carers one person can realistically support, or
            how to reach carers who don't think of themselves as carers at all. Tell us what
            you think.
        """),
        "thread": _THREAD_CARERS_CONTACT,
    },
    {
        "workstream": "health-and-care",
        "slug": "social-prescribing-local-groups",
        "title": "Pay the local groups that social prescribing relies on",
        "author": "amara",
        "tags": ["care", "community spaces", "funding", "older people"],
        "days_ago": 17,
        "comments_open": True,
        "body": _md("""
            ## The idea

            GPs and nurses in Harrowmere already "prescribe" things other than medicine: a
            walking group, a debt advice appointment, a choir. It's called **social
            prescribing**, and the experience so far is encouraging. But the small groups
            that take these referrals receive nothing for it. A lunch club run by volunteers
            can suddenly have six new members, some with quite complex needs, and no extra
            help at all.

            We propose a small **community referral fund**:

            1. Any group that accepts social prescribing referrals can register, with no big
               application form.
            2. Groups receive a modest payment for each person who comes at least three
               times, to cover tea, transport, room hire or training.
            3. Link workers visit each registered group at least once a year to listen and
               sort out problems.

            ## What we want to avoid

            We don't want to turn friendly volunteer groups into mini-services with targets
            and paperwork. The warmth is the whole point. If you run a group, please tell us
            honestly whether this would help or get in the way.
        """),
        "thread": _THREAD_SOCIAL_PRESCRIBING,
    },
    {
        "workstream": "health-and-care",
        "slug": "health-checks-where-people-go",
        "title": "Health checks at the places people already go",
        "author": "amara",
        "tags": ["accessibility", "rural", "older people"],
        "days_ago": 6,
        "comments_open": True,
        "body": _md("""
            ## Why

            Blood pressure, diabetes and hearing checks catch problems early, but lots of
            people never book them. In the Lowfold villages the nearest surgery can be a
            two-bus journey away, and for shift workers the opening hours simply don't fit.

            ## The proposition

            Take simple health checks to places people are already going:

            - the Saturday market in Harrowmere town centre
            - village halls on pension day
            - the bus depot and the warehouses at Crossley, at the start and end of shifts
            - the central library, alongside the digital help sessions

            Checks would be run by nurses and trained health champions, with a clear route
            back to the GP if anything needs following up. Results would be given on paper as
            well as by text message, and people could choose whether to share them with their
            surgery. Nobody should come away feeling they've been told off about their
            weight.

            ## What we'd like to know

            Where do *you* go that would be a good spot? And what would put you off stopping?
        """),
        "thread": _THREAD_HEALTH_CHECKS,
    },
    # 2. Homes and Neighbourhoods (closed)
    {
        "workstream": "homes-and-neighbourhoods",
        "slug": "tenants-repairs-charter",
        "title": "A tenants' repairs charter",
        "author": "tomasz",
        "tags": ["housing", "climate", "accessibility"],
        "days_ago": 58,
        "comments_open": False,
        "body": _md("""
            Repairs were the single biggest topic at the housing drop-in sessions. Tenants of
            the council and the two big housing associations told us the same things again
            and again: jobs logged and forgotten, appointments with a whole-day window, and
            damp being blamed on "lifestyle".

            ## The charter

            We propose a short, plain-English repairs charter that every social landlord in
            Harrowmere signs up to. It would promise:

            - **two-hour appointment windows**, with a text or phone call the day before
            - a named person for any repair that takes more than one visit
            - damp and mould treated as a building problem first, not a tenant problem
            - repair before replace wherever it's safe, to cut waste and cost
            - a yearly report card, printed and available in every library, showing how each
              landlord did

            ## Not just about speed

            Several people made the point that a quick repair done badly is worse than a
            slower one done properly. The charter should measure whether the problem *stayed*
            fixed, not just how fast someone turned up.

            > Three visits, three different men, and nobody looked at the gutter.

            (Tenant at the Eastbrook drop-in.)

            ## Next step

            This proposition goes to the council's housing panel with a summary of the
            comments below.
        """),
        "thread": _THREAD_REPAIRS_CHARTER,
    },
    {
        "workstream": "homes-and-neighbourhoods",
        "slug": "empty-shops-community-spaces",
        "title": "Empty shops as community spaces",
        "author": "tomasz",
        "tags": ["community spaces", "small business", "young people"],
        "days_ago": 52,
        "comments_open": False,
        "body": _md("""
            ## The problem

            There are 23 empty shop units on or near Harrowmere high street, and some have
            been empty for more than three years. They make the street feel neglected, and
            they cost their owners money in rates and security.

            ## The proposition

            A **meanwhile use** scheme: the council brokers short, low-cost leases of six to
            eighteen months, so that empty units can be used by:

            - community groups that need somewhere to meet
            - new businesses testing an idea before committing to a full lease
            - young people's projects, exhibitions and repair cafés
            - advice sessions from the council and local charities

            Owners would pay reduced rates for the period and have the unit kept warm, clean
            and watched. Users would get a cheap, central space with a clear end date.

            ## What we heard

            Small businesses were cautious. As one café owner said at the drop-in:

            > We pay full rent next door. Fine, but make sure the pop-ups aren't undercutting
            us with council money.

            Any scheme has to be fair to the traders who stayed.
        """),
        "thread": _THREAD_EMPTY_SHOPS,
    },
    # 3. Getting Around
    {
        "workstream": "getting-around",
        "slug": "village-bus-loops",
        "title": "Bring back the village bus loops",
        "author": "gareth",
        "tags": ["transport", "rural", "older people", "climate", "young people"],
        "days_ago": 19,
        "comments_open": True,
        "body": _md("""
            Until 2017 a small bus ran a loop around the Lowfold villages twice a day,
            connecting with the main Harrowmere service at Crossley Green. When it was cut,
            the villages were left with the 44, which runs every two hours on weekdays and
            not at all on Sundays.

            ## What people told us

            - older residents have stopped going to hospital appointments, or pay for taxis
              they can't afford
            - teenagers can't get to college courses or part-time jobs
            - people who would happily leave the car at home have no real choice

            ## The proposition

            Bring back the village loops using **smaller electric minibuses**, running:

            1. a fixed loop every hour between 7am and 7pm on weekdays
            2. a *bookable* service in the evenings and on Sundays, booked by phone, at the
               library or online up to an hour ahead
            3. guaranteed connections at Crossley Green, so nobody is stranded if the main
               bus is late

            ## The hard part

            This costs money every year, not just once. We think a mix of county transport
            funding, contributions from the developers of the new Millbrook estate and a
            small fare is realistic, but we'd welcome challenge on that.

            > A bus every two hours isn't a service. It's a rumour.

            (Resident at the Lowfold village hall meeting.)
        """),
        "thread": _THREAD_VILLAGE_BUSES,
    },
    {
        "workstream": "getting-around",
        "slug": "school-streets",
        "title": "School streets outside our primary schools",
        "author": "tomasz",
        "tags": ["transport", "young people", "climate", "accessibility"],
        "days_ago": 12,
        "comments_open": True,
        "body": _md("""
            A *school street* closes the road outside a school to through traffic for about
            half an hour at the start and end of the school day. Residents, blue badge
            holders and emergency vehicles can still get through; everyone else drops off a
            short walk away.

            ## Why we're proposing it

            - mornings outside several Harrowmere primaries are genuinely dangerous, with cars
              mounting pavements and reversing around children
            - air pollution is at its worst exactly when children are arriving
            - where school streets have been tried, more children walk, scoot or cycle, and
              parents report calmer mornings

            ## What it would mean

            We propose starting with the four primary schools where parents and staff have
            asked for it, running a six-month trial with temporary signs and volunteer
            marshals, then deciding together whether to make it permanent.

            ## What we're not sure about

            Some parents drive because they have to get to work straight afterwards, or have
            a disabled child, or live too far away to walk. We don't want a scheme that makes
            their lives harder to make everyone else's easier. Exemptions and drop-off points
            need to be worked out with those families, not for them.
        """),
        "thread": _THREAD_SCHOOL_STREETS,
    },
    {
        "workstream": "getting-around",
        "slug": "cargo-bikes-for-traders",
        "title": "Shared electric cargo bikes for small traders",
        "author": "gareth",
        "tags": ["transport", "climate", "small business", "funding"],
        "days_ago": 2,
        "comments_open": True,
        "body": _md("""
            ## The idea

            Many deliveries around Harrowmere town centre are short: a florist taking
            arrangements to the hospital, a bakery supplying cafés, a pharmacy delivering
            prescriptions. Most are done in vans that spend more time parked than moving.

            We propose a **shared fleet of electric cargo bikes**, kept at two hubs in the
            town centre, that local traders can book by the hour or the day.

            ## How it could work

            - traders join for a small monthly fee and book by phone, online or at a hub
            - free training and a short road-safety course for anyone using the bikes
            - secure overnight storage and charging at both hubs
            - a twelve-month trial with six bikes, then an honest review

            ## Questions for traders

            Would you use it? What would you need to carry? And what would stop you: the
            weather, the hills, insurance, or something else entirely?

            We'll be at the Saturday market for the next three weeks with a bike you can try.
        """),
        "thread": [],
    },
    # 4. Learning, Libraries and Young People
    {
        "workstream": "learning-and-libraries",
        "slug": "libraries-digital-help",
        "title": "Libraries as the front door for digital help",
        "author": "mei",
        "tags": ["libraries", "digital inclusion", "older people", "skills"],
        "days_ago": 27,
        "comments_open": True,
        "body": _md("""
            Every week, library staff in Harrowmere help people fill in benefit forms, book
            GP appointments, scan documents for housing applications and recover forgotten
            passwords. None of this is officially their job, and none of it is recorded.
            Meanwhile, people who need help don't know where to go.

            ## The proposition

            Make libraries the recognised, properly supported **front door for digital
            help**:

            - drop-in digital help at every library at least three times a week, with longer
              sessions by appointment
            - trained staff and volunteers, including people who speak the main community
              languages
            - a direct line from library staff to named contacts in council teams, so
              problems get solved rather than passed on
            - devices and data to borrow for people who don't have them at home
            - written privacy rules: what staff can and can't do with your passwords and
              personal details

            ## What it is not

            This isn't a way of pushing everyone online. It should sit alongside phone and
            face-to-face services, not replace them. See the related proposition in the
            Digital Public Services and Data workstream.

            ## What we'd like to hear

            If you've been helped (or not) at a library, tell us what happened. If you work
            or volunteer in one, what would you need?
        """),
        "thread": _THREAD_LIBRARY_DIGITAL_HELP,
    },
    {
        "workstream": "learning-and-libraries",
        "slug": "paid-first-jobs-16-to-18",
        "title": "Paid first jobs in public services for 16 to 18-year-olds",
        "author": "mei",
        "tags": ["young people", "skills", "funding"],
        "days_ago": 9,
        "comments_open": True,
        "body": _md("""
            Young people at our sessions were clear: unpaid work experience mostly goes to
            those whose parents know someone, and part-time jobs in town are scarce.
            Meanwhile, public services struggle to recruit: libraries, leisure centres, parks,
            care homes and the council itself.

            ## The proposition

            A **first jobs scheme** offering paid, part-time placements in public services
            for 16 to 18-year-olds:

            - six months, up to 8 hours a week, paid at least the real living wage whatever
              their age
            - a trained workplace mentor for every young person
            - a reference and a short record of skills at the end
            - places set aside for young carers, care leavers and young people not in
              education or work

            ## Why public services?

            Because it's a real job with real responsibility, and because services get the
            chance to show young people careers they might never have considered, from
            library work to environmental health.

            > I don't want another workshop about my future. I want somebody to give me a go.

            (Year 12 student.)

            ## Questions

            Is 8 hours a week the right amount alongside college? And what would make it
            easy for public services to take part?
        """),
        "thread": _THREAD_FIRST_JOBS,
    },
    # 5. Digital Public Services and Data
    {
        "workstream": "digital-public-services",
        "slug": "every-service-without-the-internet",
        "title": "Every council service reachable without the internet",
        "author": "joan",
        "tags": ["digital inclusion", "older people", "accessibility"],
        "days_ago": 16,
        "comments_open": True,
        "body": _md("""
            Over the last few years more and more council services have moved online. For
            many people that's genuinely better: renewing a parking permit at midnight in your
            pyjamas is hard to argue with. But we heard from a lot of residents who feel
            locked out, whether because of no internet at home, no smartphone, poor eyesight,
            or simply not feeling confident.

            ## The proposition

            Every council service should be **fully usable without the internet**, through at
            least one of:

            - a phone line answered by a person within a reasonable time
            - a face-to-face appointment at a library or council office
            - a paper form, with a freepost envelope

            And, crucially: **nobody should pay more, wait longer or get a worse outcome**
            because they chose a non-digital route.

            ## What this would change

            Some things that are currently only available online would need an alternative,
            such as booking a bulky waste collection, applying for a resident parking permit
            and reporting a missed bin. The council would publish a yearly list of every
            service and the ways it can be reached.

            ## The tension

            We know this costs money, and that staff time spent on phones is time not spent
            elsewhere. Some people at the workshops argued the money would be better spent
            *helping people get online* instead. We'd like to hear both sides.

            > My grandson says everything's on the app. I say I'm 83 and I'll decide what
            I'm on.

            (Workshop participant.)
        """),
        "thread": _THREAD_WITHOUT_INTERNET,
    },
    {
        "workstream": "digital-public-services",
        "slug": "plain-english-data-register",
        "title": "A plain-English register of the data the council holds about you",
        "author": "joan",
        "tags": ["data", "privacy", "digital inclusion"],
        "days_ago": 21,
        "comments_open": True,
        "body": _md("""
            Most people have no idea what information the council holds about them, who it's
            shared with, or why. The legal privacy notices exist, but they're long, scattered
            across dozens of web pages and written for lawyers.

            ## The proposition

            Publish a single **plain-English data register** that explains, service by
            service:

            - what information is collected (for example name, address, income or health
              details)
            - why it's needed, and what would happen without it
            - who else it's shared with: other councils, the NHS, the police, private
              contractors
            - how long it's kept
            - how to see your own records, and how to correct them

            The register would be online, printed as a booklet in every library, and
            available in large print and easy read on request.

            ## Going further

            Some people at the workshop wanted more: a personal *data statement* you could
            request once a year, showing exactly what is held about you. That's a much bigger
            job, and we'd like views on whether it's worth it.

            ## What we're not proposing

            We're not proposing to collect any new data, or to link up systems that aren't
            already linked. This is about openness, not new uses.
        """),
        "thread": _THREAD_DATA_REGISTER,
    },
    {
        "workstream": "digital-public-services",
        "slug": "tell-us-once",
        "title": "Tell us once: one message for life's big changes",
        "author": "amara",
        "tags": ["data", "older people", "accessibility", "housing"],
        "days_ago": 4,
        "comments_open": True,
        "body": _md("""
            When you move house, have a baby or lose someone close to you, you can end up
            telling the council the same thing five or six times: council tax, the electoral
            register, bins, parking, school transport, housing benefit.

            ## The proposition

            Offer a **tell us once** option for the most common life events:

            - moving home within, into or out of Harrowmere
            - a death in the family
            - a new baby
            - starting or stopping caring for someone

            You would tell the council once, online, by phone or in person, and choose which
            services should be updated. Nothing would be shared without your say-so, and
            you'd get a letter or email confirming exactly which records were changed.

            ## Why it matters

            Bereavement came up again and again. One person said:

            > The worst part wasn't the forms. It was being asked to spell his name out,
            again, to a stranger, on the seventh phone call.

            ## Questions

            Which life events should come first? And is there anything you would *not* want
            joined up, even with your permission?
        """),
        "thread": _THREAD_TELL_US_ONCE,
    },
]
