"""What a trained model predicts on a dataset split, and how its mistakes are counted.

    predictions = predict_split(model, split.images, split.labels, recipe.normalize, indices=order[:1000])
    gallery(predictions, 24)                  # positions to show: confident mistakes first, then correct ones
    confusion_percent(stored.confusion)       # each true class's row as percentages
    top_confusions(stored.confusion, names)   # the most frequent (true, predicted, count) mistakes
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from explainer.inspection.feature_maps import dataset_batch


def confusion_percent(confusion) -> np.ndarray:
    """Each row (true class) as percentages of that class's test images."""
    matrix = np.asarray(confusion, dtype=np.float64)
    totals = matrix.sum(axis=1, keepdims=True)
    return np.divide(100.0 * matrix, totals, out=np.zeros_like(matrix), where=totals > 0)


def top_confusions(confusion, classes: list[str], count: int = 3) -> list[tuple[str, str, int]]:
    """The most frequent (true, predicted, count) mistakes, largest first."""
    matrix = np.asarray(confusion, dtype=np.int64).copy()
    np.fill_diagonal(matrix, 0)
    order = np.argsort(matrix, axis=None)[::-1][:count]
    found = []
    for flat in order:
        truth, predicted = divmod(int(flat), matrix.shape[1])
        if matrix[truth, predicted] > 0:
            found.append((classes[truth], classes[predicted], int(matrix[truth, predicted])))
    return found


@dataclass(frozen=True)
class Predictions:
    indices: np.ndarray  # test-split indices
    predicted: np.ndarray
    truth: np.ndarray
    confidence: np.ndarray  # softmax probability of the predicted class

    @property
    def wrong(self) -> np.ndarray:
        return self.predicted != self.truth


@torch.inference_mode()
def predict_split(model, images: torch.Tensor, labels: torch.Tensor, normalize=None, limit: int = 2000,
                  batch_size: int = 500, indices=None) -> Predictions:
    """The model's predictions (eval mode) on the images (uint8 N,C,H,W) at `indices` of a split, else on its
    first `limit`; a gallery passes explainer.data.samples.balanced_indices, not the files' order."""
    chosen = np.arange(min(int(limit), len(labels))) if indices is None else np.asarray(indices, dtype=np.int64)
    model.eval()
    predicted, confidence = [], []
    for start in range(0, len(chosen), batch_size):
        x = dataset_batch(images[torch.from_numpy(chosen[start:start + batch_size])], normalize)
        probs = torch.softmax(model(x).float(), 1)
        top = probs.max(1)
        predicted.append(top.indices.numpy())
        confidence.append(top.values.numpy())
    return Predictions(chosen, np.concatenate(predicted) if predicted else np.zeros(0, int),
                       labels[torch.from_numpy(chosen)].numpy().astype(int),
                       np.concatenate(confidence) if confidence else np.zeros(0))


def gallery(predictions: Predictions, count: int = 24) -> list[int]:
    """Positions into `predictions` for a grid: misclassified first (most confident mistakes first), then correct."""
    wrong = np.flatnonzero(predictions.wrong)
    right = np.flatnonzero(~predictions.wrong)
    wrong = wrong[np.argsort(-predictions.confidence[wrong], kind="stable")]
    return [int(i) for i in np.concatenate([wrong, right])[:count]]
