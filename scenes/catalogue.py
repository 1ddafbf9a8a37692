"""What the videos are made of, in one place: chapters, their beats in story order, figures.

Manim-free on purpose: the render pipeline reads it to plan jobs without importing a scene.
To add a beat, write its class in the chapter module and list it here; to reorder a chapter,
reorder its beats here (no other file holds the order). A beat's title is its chapter-list
entry and gallery heading.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SCENES_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Beat:
    scene: str  # class name in the chapter module
    title: str
    # Seconds a render is expected to take before one was ever measured (low quality), for
    # ordering only: the heavy ones start first.
    expected_seconds: float = 10.0
    # It shows the featured digit (DIGIT / IMAGE): a class batch renders it once per student's
    # picture, and every other beat once for the class (a test checks this against the code).
    uses_digit: bool = False


@dataclass(frozen=True)
class Chapter:
    name: str  # module under scenes/ and output name
    title: str
    beats: tuple[Beat, ...]
    file: Path | None = None  # default scenes/<name>.py

    @property
    def source_file(self) -> Path:
        return self.file or module_file(self.name)


CHAPTER_LIST = (
    Chapter("chapter1", "What is a neural network?", (
        Beat("SloppyThrees", "Sloppy threes", uses_digit=True),
        Beat("PixelsAreNumbers", "Pixels are numbers", uses_digit=True),
        Beat("NeuronHoldsNumber", "A neuron holds a number", uses_digit=True),
        Beat("InputLayer", "The input layer", uses_digit=True),
        Beat("Layers", "The layers"),
        Beat("ForwardPass", "Forward pass", uses_digit=True),
        Beat("HiddenLayerHope", "The hope for hidden layers", uses_digit=True),
        Beat("Weights", "Weights", uses_digit=True),
        Beat("EdgeDetector", "A hand-built edge detector", uses_digit=True),
        Beat("Squish", "Squish", uses_digit=True),
        Beat("Bias", "Bias", uses_digit=True),
        Beat("Counting", "Counting the knobs"),
        Beat("MatrixFormSymbolic", "Matrix form"),
        Beat("MatrixFormNumeric", "Matrix form with the real numbers", uses_digit=True),
        Beat("NetworkIsAFunction", "The network is a function", uses_digit=True),
        Beat("SigmoidVsReLU", "Sigmoid vs ReLU"),
        Beat("ChapterRecap", "Chapter 1 in one look", uses_digit=True),
    )),
    Chapter("chapter2", "How does it learn?", (
        Beat("Recap", "Recap", uses_digit=True),
        Beat("TrainingVsTestData", "Training vs test data"),
        Beat("RandomStart", "Random start"),
        Beat("CostOfOneExample", "The cost of one example"),
        Beat("AverageCost", "Average cost"),
        Beat("TwoFunctions", "Two functions"),
        Beat("OneVariable", "Minimising a function of one variable"),
        Beat("TwoVariables", "Two variables: the gradient"),
        # a 3-D surface re-projected every frame: by far the slowest, start it first
        Beat("RealLandscape", "The real cost landscape", expected_seconds=50),
        Beat("GradientVector", "The gradient of the real network"),
        Beat("GradientEdges", "The gradient on the edges"),
        Beat("GradientDescent", "Gradient descent"),
        Beat("MiniBatches", "What the real run did: mini-batches and cross-entropy"),
        Beat("HowWellItDoes", "How well it does"),
        Beat("HiddenNeuronsLook", "What the hidden neurons look at"),
        Beat("RandomInput", "Random input"),
        Beat("MemorizingVsLearning", "Memorising vs learning"),
        Beat("InShort", "Chapter 2 in short"),
    )),
    Chapter("chapter3", "How does backpropagation work?", (
        Beat("CostAndGradient", "The cost and its gradient"),
        Beat("WhyNotTryEachKnob", "Why not just try each knob? (measured)"),
        Beat("OneExampleWishes", "What one training example wants", uses_digit=True),
        Beat("ThreeWaysToRaise", "Three ways to raise an output", uses_digit=True),
        Beat("FireTogether", "Fire together, wire together", uses_digit=True),
        Beat("AddingUpWishes", "Adding up the wishes: the backward step", uses_digit=True),
        Beat("OneExampleNotEnough", "One example is not enough"),
        Beat("StochasticGradientDescent", "Stochastic gradient descent"),
        Beat("ChainRule", "The chain rule, one neuron per layer"),
        Beat("RealWeight", "Back in the real network: one weight", uses_digit=True),
        Beat("MoreIndices", "More neurons, more indices"),
        Beat("WholeAlgorithm", "The whole algorithm"),
        Beat("ChapterRecap3", "Chapter 3 in short", uses_digit=True),  # box 4: the digit's wishes
    )),
)
CHAPTERS = {chapter.name: chapter for chapter in CHAPTER_LIST}

# Modules that hold scenes but are not chapters (figures only).
EXTRA_MODULES = {"yourdigit": (Beat("WhatTheNetworkSaw", "What the network saw", uses_digit=True),)}


def module_file(module: str) -> Path:
    return SCENES_DIR / f"{module}.py"


def beats_of(module: str) -> tuple[Beat, ...]:
    return CHAPTERS[module].beats if module in CHAPTERS else EXTRA_MODULES[module]


def beat(module: str, scene: str) -> Beat:
    for b in beats_of(module):
        if b.scene == scene:
            return b
    raise KeyError(f"{module} has no beat {scene}")


def story_index(module: str, scene: str) -> int:
    """Where a scene comes in its chapter (scenes of no chapter last)."""
    beats = CHAPTERS[module].beats if module in CHAPTERS else ()
    return next((i for i, b in enumerate(beats) if b.scene == scene), len(beats))


# figure name -> (module, scene whose last frame is the figure)
FIGURES = {
    "sloppy-threes": ("chapter1", "SloppyThrees"),
    "pixel-grid": ("chapter1", "PixelsAreNumbers"),
    "input-layer": ("chapter1", "InputLayer"),
    "labelled-network": ("chapter1", "Layers"),
    "forward-pass": ("chapter1", "ForwardPass"),
    "weight-grid": ("chapter1", "Weights"),
    "edge-detector": ("chapter1", "EdgeDetector"),
    "sigmoid": ("chapter1", "Squish"),
    "relu": ("chapter1", "SigmoidVsReLU"),
    "matrix-symbolic": ("chapter1", "MatrixFormSymbolic"),
    "matrix-numeric": ("chapter1", "MatrixFormNumeric"),
    "parameter-count": ("chapter1", "Counting"),
    "cost-terms": ("chapter2", "CostOfOneExample"),
    "cost-landscape": ("chapter2", "RealLandscape"),
    "gradient-vector": ("chapter2", "GradientVector"),
    "gradient-edges": ("chapter2", "GradientEdges"),
    "cost-curve": ("chapter2", "GradientDescent"),
    "learning-curves": ("chapter2", "MemorizingVsLearning"),
    "weight-images": ("chapter2", "HiddenNeuronsLook"),
    "backprop-wishes": ("chapter3", "OneExampleWishes"),
    "three-ways": ("chapter3", "ThreeWaysToRaise"),
    "propagated-wishes": ("chapter3", "AddingUpWishes"),
    "finite-differences-vs-backprop": ("chapter3", "WhyNotTryEachKnob"),
    "sgd-vs-full-batch": ("chapter3", "StochasticGradientDescent"),
    "chain-rule-factors": ("chapter3", "RealWeight"),
    "what-the-network-saw": ("yourdigit", "WhatTheNetworkSaw"),
}
