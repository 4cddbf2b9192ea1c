"""A small synthetic news corpus for the retraining tests (`test_retrain.py`, `test_cli_train.py`).

Calm, sourced prose on half of the outlets and shouting, loaded prose on the others make two classes that
any working recipe separates: tests built on it check the plumbing (labels, groups, folds, ratings,
files), not the quality of the recipe.
"""

from __future__ import annotations

import random
from typing import Any

CALM = [
    "The city council approved the budget on Tuesday after a public hearing, officials said in a statement.",
    "According to a report released by the state auditor, spending on roads rose by 4 percent last year.",
    '"We reviewed the figures carefully," said Maria Lopez, a spokeswoman for the department.',
    "The measure passed by a vote of 7 to 2, and the mayor is expected to sign it next week, records show.",
    "Data from the Bureau of Labor Statistics show that unemployment in the region fell to 3.9 percent.",
    "Researchers at the university published the study in a peer-reviewed journal, the authors said.",
    "The agency said it would hold three more public meetings before a final decision in March.",
    "Officials declined to comment on the lawsuit, citing the ongoing review by the court.",
]
LOUD = [
    "SHOCKING!!! The corrupt radical mob DESTROYED everything and you won't believe the disgusting lies!!!",
    "These traitors are LYING to you again, and the outrageous cover-up is a total disgrace to the nation!",
    "Wake up, people! The evil elites want to steal your freedom and nobody is talking about this scandal!",
    "It is an absolute catastrophe, a complete betrayal by crooked thugs who should be locked up NOW!!!",
    "You will be STUNNED by what these lunatics did next, an insane attack on everything we hold dear!",
    "The pathetic fake media refuses to report the TRUTH about this horrific, sickening conspiracy!",
    "Outrageous! Radical extremists are ruining the country and the cowards in charge do nothing at all!",
    "This bombshell exposes the DISGUSTING hypocrisy of the corrupt establishment once and for all!!!",
]


def news(outlets: int = 10, per_outlet: int = 6, seed: int = 0) -> list[dict[str, Any]]:
    """``per_outlet`` articles of each of ``outlets`` outlets, each outlet on a domain of its own.

    The first half of the outlets (``news0.org``, ``news1.org``, …) write calm prose, labelled ``quality``
    "high" and ``pc1`` 0.9; the others (``news5.com``, … for ten outlets) write loud prose, "low" and 0.1.
    Article ``id`` is ``"<outlet>-<number>"``; ``corpus`` alternates between ``part0`` and ``part1`` by
    outlet.
    """
    rng = random.Random(seed)
    rows = []
    for outlet in range(outlets):
        calm = outlet < outlets // 2
        for number in range(per_outlet):
            rows.append(
                {
                    "id": f"{outlet}-{number}",
                    "title": f"Report {number} from outlet {outlet}",
                    "text": " ".join(rng.sample(CALM if calm else LOUD, 5)),
                    "url": f"https://www.news{outlet}.{'org' if calm else 'com'}/2020/story-{number}",
                    "source": f"News {outlet}",
                    "quality": "high" if calm else "low",
                    "pc1": 0.9 if calm else 0.1,
                    "corpus": f"part{outlet % 2}",
                }
            )
    return rows
