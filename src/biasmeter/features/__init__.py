"""Feature extraction: named numbers about an article, each backed by evidence spans in its text.

Each module measures one signal from a shared `~biasmeter.document.Document`, which tokenises the article
once. `extract` gives one article's features with evidence; `FeatureExtractor` gives a feature matrix for
many articles and fits in a scikit-learn ``Pipeline``.
"""

from __future__ import annotations

from biasmeter.features._extract import FEATURE_NAMES, Features, extract
from biasmeter.features._transformer import FeatureExtractor

__all__ = ["FEATURE_NAMES", "FeatureExtractor", "Features", "extract"]
