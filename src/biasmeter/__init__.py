"""biasmeter: score news articles for reliability and slant, and show the evidence.

Examples
--------
>>> import biasmeter
>>> features = biasmeter.extract('"We will win," she said. Critics called it a disgraceful stunt.')
>>> features.values["quote_count"]
1.0
>>> [span.kind for span in features.evidence if span.kind == "quote"]
['quote']
"""

from biasmeter.errors import BiasmeterError
from biasmeter.evidence import Span
from biasmeter.features import FeatureExtractor, Features, extract

__all__ = ["BiasmeterError", "FeatureExtractor", "Features", "Span", "__version__", "extract"]

__version__ = "0.1.0"
