// A lesson's own inputs, as named edits: an edited matrix cell, a chosen example, a slider of the
// descent race, the digit the CNN is run on... Commands::edit_lesson applies them to the session's
// lesson models, so a view (or a test) changes a lesson only through a command, like every other
// control. Each edit names its lesson; they run whichever lesson is shown.
#pragma once
#include <array>
#include <variant>
#include <vector>

#include "engine/tensor.h"
#include "lessons/conv.h"
#include "lessons/descent.h"
#include "lessons/matmul.h"
#include "lessons/perceptron.h"

namespace lesson_edit {

// Matrix multiplication: a cell of A or B; the workshop's example (`restart`: from its first
// product, as a newly chosen example; without: "Reset numbers", keeping the step).
struct MatmulCell { bool in_a = true; int row = 0, col = 0; float value = 0; };
struct MatmulExample { dl::lessons::MatmulExample example{}; bool restart = true; };

// The images lesson: which training image.
struct ImageIndex { int index = 0; };

// The perceptron: one neuron's sliders, then the training demo's points and learning rate.
struct NeuronInput { int input = 0; float value = 0; };
struct NeuronWeight { int input = 0; float value = 0; };
struct NeuronThreshold { float value = 0; };
struct PerceptronPoints { dl::lessons::PointSet set{}; };  // from the first step
struct PerceptronLearningRate { float value = 0; };
struct PerceptronNewPoints {};  // the next seed

// A dense layer: the workshop's numbers (`restart` as above), an edited input or weight, or the
// live network's output layer on test image `test_index` (the step kept).
struct DenseWorkshop { bool restart = true; };
struct DenseCell { bool input = true; int input_index = 0, neuron = 0; float value = 0; };
struct DenseFromModel { int test_index = 0; };

// Cross-entropy: the true digit, and the probability the network gives it.
struct CrossEntropyDigit { int digit = 0; };
struct CrossEntropyProbability { float p = 0; };

// Gradient descent's race: the surface (also its suggested start; again to restart), the shared
// settings, the start point.
struct DescentSurface { dl::lessons::LossSurface surface{}; };
struct DescentLearningRate { float value = 0; };
struct DescentMomentum { float rho = 0; };
struct DescentIterations { int count = 0; };
struct DescentStart { std::array<float, 2> w{}; };

// Convolution: a preset kernel, the live CNN's first-layer filter `filter`, the training digit.
struct ConvKernel { dl::lessons::ConvKernelChoice choice{}; };
struct ConvLearnedKernel { int filter = 0; };
struct ConvImage { int index = 0; };
struct ConvWeight { int row = 0, col = 0; float value = 0; };  // the kernel becomes "custom"

// Max pooling: the maps it pools (the live CNN's, or the ReLU lesson's), and the channel shown.
struct PoolMaps { dl::Tensor maps; int channel = 0; };
struct PoolChannel { int channel = 0; };

// Dropout: the rate, training or test time, and a new training run (the next seed).
struct DropoutRate { float rate = 0; };
struct DropoutTraining { bool training = true; };
struct DropoutNewRun {};

// Inside the CNN: the live model run on one 28 x 28 input in [0, 1].
struct InsideRun { std::vector<float> input; };

}  // namespace lesson_edit

using LessonEdit =
    std::variant<lesson_edit::MatmulCell, lesson_edit::MatmulExample, lesson_edit::ImageIndex, lesson_edit::NeuronInput,
                 lesson_edit::NeuronWeight, lesson_edit::NeuronThreshold, lesson_edit::PerceptronPoints,
                 lesson_edit::PerceptronLearningRate, lesson_edit::PerceptronNewPoints, lesson_edit::DenseWorkshop,
                 lesson_edit::DenseCell, lesson_edit::DenseFromModel, lesson_edit::CrossEntropyDigit,
                 lesson_edit::CrossEntropyProbability, lesson_edit::DescentSurface, lesson_edit::DescentLearningRate,
                 lesson_edit::DescentMomentum, lesson_edit::DescentIterations, lesson_edit::DescentStart,
                 lesson_edit::ConvKernel, lesson_edit::ConvLearnedKernel, lesson_edit::ConvImage, lesson_edit::ConvWeight, lesson_edit::PoolMaps,
                 lesson_edit::PoolChannel, lesson_edit::DropoutRate, lesson_edit::DropoutTraining,
                 lesson_edit::DropoutNewRun, lesson_edit::InsideRun>;
