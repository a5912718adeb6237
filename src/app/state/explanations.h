// Every number explained: one or two sentences per number the page shows, with its formula filled
// in with the current values — "Param # 615,440 = 784 inputs x 784 units + 784 biases". The views
// show them on hover, keyboard focus or a tap (ui::explained_number); the words live here, testable.
#pragma once
#include <array>
#include <string>

#include "engine/classes.h"
#include "engine/sequential.h"
#include "engine/trainer.h"

// How many test images the trainer's latest val_loss and val_acc were measured on: all of them at
// an epoch's end (a point on a whole epoch), else the quick check's first ones (also a fine-tuning
// run's epochs).
int validation_images(const dl::TrainerStatus& status, int test_count);

// The training metrics of the epoch going on, over the `samples` examples it has seen so far.
std::string explain_loss(double loss, long long samples);
std::string explain_accuracy(double accuracy, long long samples);
// The validation metrics, over `images` test images (all of them, or the quick check's).
std::string explain_val_loss(double val_loss, int images);
std::string explain_val_accuracy(double val_accuracy, int images);
// Training speed, at the run's batch size.
std::string explain_examples_per_second(double examples_per_second, int batch_size);
// model.summary()'s Param # of `row`, whose input is `input` (the previous row's output shape).
std::string explain_param_count(const dl::SummaryRow& row, const dl::Shape& input);
// One bar of a prediction: class `index`'s softmax share.
std::string explain_probability(const std::array<float, 10>& probabilities, int index, const dl::DatasetInfo& classes);
// A confusion-matrix cell: `count` test images of class `truth` read as `predicted`, of `row_total`.
std::string explain_confusion_cell(int truth, int predicted, int count, int row_total, const dl::DatasetInfo& classes);
