// The page's commands and rules, natively: a Session, the Commands over it, and the bridge's offline
// stand-in (bridge/browser_offline.h) recording what would have reached the browser.
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "app/bridge/browser_offline.h"
#include "app/commands/commands.h"
#include "app/commands/shortcut_table.h"
#include "app/state/choices.h"
#include "app/state/rules.h"
#include "app/state/session.h"
#include "engine/workshop_models.h"
#include "lessons/conv.h"
#include "lessons/dense.h"
#include "lessons/matmul.h"
#include "lessons/relu.h"

namespace {

// A small dataset in MNIST's shape: `count` 28 x 28 images, each a bar in a place of its own label.
std::shared_ptr<const dl::Dataset> small_set(int count) {
  auto d = std::make_shared<dl::Dataset>();
  d->count = count;
  d->rows = d->cols = 28;
  d->images.assign(static_cast<size_t>(count) * 784, 0);
  for (int i = 0; i < count; ++i) {
    d->labels.push_back(static_cast<uint8_t>(i % 10));
    for (int r = 6; r < 22; ++r) d->images[static_cast<size_t>(i) * 784 + r * 28 + 4 + 2 * (i % 10)] = 255;
  }
  return d;
}

// A session with MNIST-shaped data, a live MLP trained "on MNIST" (zero weights) and one digit of the
// student's: everything fine-tuning needs, no trainer run.
struct Page {
  Session session;
  Commands commands{session};
  Page() {
    browser::offline::reset();
    session.data.arrival(dl::DatasetKind::mnist).train = small_set(50);
    session.data.arrival(dl::DatasetKind::mnist).test = small_set(20);
    session.data.show(dl::DatasetKind::mnist);
    dl::Sequential mlp = dl::make_workshop_model(dl::ModelKind::mlp);
    mlp.compile(dl::OptimizerConfig::defaults(dl::OptimizerKind::adam));
    const size_t params = mlp.parameters().size();
    REQUIRE(session.live.set_weights(dl::ModelKind::mlp, std::vector<float>(params, 0.0f), ModelOrigin::training));
    session.personal.loaded = true;
    commands.begin_stroke({100, 60});
    commands.extend_stroke({110, 200});
    commands.end_stroke();
    session.update_derived();
    commands.add_personal_digit(1);
  }
};

}  // namespace

TEST_CASE("the drawing's input and reading are kept by the session, with no view drawn") {
  Page page;
  Session& s = page.session;
  page.commands.begin_stroke({140, 40});
  page.commands.extend_stroke({140, 240});
  page.commands.end_stroke();
  s.update_derived();
  CHECK_FALSE(s.drawing.input.empty);
  CHECK(s.drawing.has_reading);  // the live model read it
  CHECK(s.drawing.prediction >= 0);
  page.commands.clear_drawing();
  s.update_derived();
  CHECK(s.drawing.input.empty);
  CHECK_FALSE(s.drawing.has_reading);
  // A test image instead of ink (the keyboard's way), ended by the next stroke.
  page.commands.draw_test_image(3);
  s.update_derived();
  CHECK(s.drawing.test_image == 3);
  CHECK_FALSE(s.drawing.input.empty);
  page.commands.begin_stroke({10, 10});
  CHECK(s.drawing.test_image == -1);
}

TEST_CASE("fine-tuning: one rule for the widget, the accessible button and the command") {
  Page page;
  Session& s = page.session;
  REQUIRE(s.personal.set.count == 1);
  CHECK(can_fine_tune(s));
  // A run going on stands in the way...
  s.status.phase = dl::TrainerPhase::training;
  CHECK_FALSE(can_fine_tune(s));
  page.commands.fine_tune();
  CHECK(s.notices.text.find("going on") != std::string::npos);
  // ...a paused one, a finished one or one stopped by a diverged step do not: fine-tuning ends them.
  for (dl::TrainerPhase phase : {dl::TrainerPhase::paused, dl::TrainerPhase::finished, dl::TrainerPhase::failed}) {
    s.status.phase = phase;
    CHECK(fine_tune_obstacle(s).empty());
  }
  // No model trained on MNIST: said, and refused.
  s.status.phase = dl::TrainerPhase::idle;
  s.live.dataset = dl::DatasetKind::fashion_mnist;
  CHECK_FALSE(can_fine_tune(s));
  page.commands.fine_tune();
  CHECK(s.notices.is_error);
  CHECK_FALSE(s.start_requested);
}

TEST_CASE("run rules: a diverged run is in progress until Reset, and Train waits for it") {
  Page page;
  Session& s = page.session;
  CHECK(can_start_run(s));
  s.status.phase = dl::TrainerPhase::failed;
  CHECK(run_in_progress(s));
  CHECK_FALSE(can_start_run(s));
  CHECK(can_resume(s));
  CHECK_FALSE(can_pause(s));
  page.commands.choose_model(dl::ModelKind::cnn);  // fixed during a run
  CHECK(s.run.model == dl::ModelKind::mlp);
  s.status.phase = dl::TrainerPhase::idle;
  page.commands.choose_model(dl::ModelKind::cnn);
  CHECK(s.run.model == dl::ModelKind::cnn);
  CHECK(s.run.batch_size == 32);  // the workshop's fit() for the CNN
  CHECK(s.run.epochs == 2);
}

TEST_CASE("run B: its choices, its ranges and its default learning rates are run A's") {
  Page page;
  Session& s = page.session;
  CHECK(s.comparison_setup.learning_rate == dl::OptimizerConfig::defaults(s.comparison_setup.optimizer).learning_rate);
  for (const OptimizerChoice& o : kOptimizerChoices) {
    CHECK(page.commands.run("b_optimizer", o.argument));
    CHECK(s.comparison_setup.optimizer == o.kind);
    CHECK(s.comparison_setup.learning_rate == dl::OptimizerConfig::defaults(o.kind).learning_rate);
    CHECK(page.commands.run("optimizer", o.argument));
    CHECK(s.run.learning_rate == dl::OptimizerConfig::defaults(o.kind).learning_rate);
  }
  page.commands.set_comparison_learning_rate(1e-9f);
  CHECK(s.comparison_setup.learning_rate == kMinLearningRate);
  page.commands.set_comparison_learning_rate(1e9f);
  CHECK(s.comparison_setup.learning_rate == kMaxLearningRate);
  page.commands.set_comparison_batch_size(100000);
  CHECK(s.comparison_setup.batch_size == kMaxComparisonBatch);
}

TEST_CASE("every key of the shortcut table runs a command the page knows") {
  Page page;
  int bindings = 0;
  for (const Shortcut& row : shortcuts())
    for (const KeyBinding& b : row.bindings) {
      if (b.key == ShortcutKey::none) continue;
      ++bindings;
      CAPTURE(row.keys);
      CHECK(page.commands.run(b.command, b.argument));
    }
  CHECK(bindings >= 14);
  // F6 and a view's key reach the navigation state, not a view.
  page.session.nav = Navigation{};
  CHECK(page.commands.run("switch_pane", ""));
  CHECK(page.session.nav.focus_other_pane);
  CHECK(page.commands.run("focus_view", "test"));
  CHECK(page.session.nav.requested_view == View::test);
  CHECK(page.session.nav.focus_workbench);
}

TEST_CASE("links and files go through the commands and reach the bridge") {
  Page page;
  Session& s = page.session;
  page.commands.copy_setup_link();
  REQUIRE(browser::offline::page().replaced_links.size() == 1);
  CHECK(browser::offline::page().replaced_links[0].rfind("#train?", 0) == 0);
  CHECK(browser::offline::page().link_copies == 1);
  // A picture dropped where a model was expected: named, and the live model stays.
  browser::ReceivedFile png;
  png.name = "digit.png";
  const uint8_t magic[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};
  png.size = sizeof magic;
  png.bytes.reset(static_cast<uint8_t*>(std::malloc(png.size)));
  std::memcpy(png.bytes.get(), magic, png.size);
  const uint64_t generation = s.live.generation;
  page.commands.receive_file(png);
  CHECK(s.notices.is_error);
  CHECK(s.notices.text.find("PNG") != std::string::npos);
  CHECK(s.live.generation == generation);
  // Save model offers the live model's bytes as a download.
  page.commands.save_model();
  REQUIRE(browser::offline::page().downloads.size() == 1);
  CHECK(browser::offline::page().downloads[0].first == "digitlab-mlp.safetensors");
}

TEST_CASE("the chosen test image and its reading follow the session, clamped to its set") {
  Page page;
  Session& s = page.session;
  page.commands.show_dataset_image(true, 1000);
  s.update_derived();
  CHECK(s.test_choice.index == 19);  // the small test set's last
  CHECK(s.test_choice.shown.has_prediction);
  page.commands.choose_test_set(TestChoice::Set::personal);
  page.commands.show_image(0);
  s.update_derived();
  CHECK(s.test_choice.shown.set == TestChoice::Set::personal);
  page.commands.remove_personal_digit(0);
  s.update_derived();
  CHECK(s.test_choice.set == TestChoice::Set::train);  // the student's digits all removed
}

TEST_CASE("the colours: the system's until the student picks light or dark, remembered") {
  Page page;
  Session& s = page.session;
  CHECK(s.theme_choice == ThemeChoice::system);
  CHECK(use_light_theme(ThemeChoice::system, true));
  CHECK_FALSE(use_light_theme(ThemeChoice::system, false));
  CHECK(page.commands.run("theme", "dark"));
  CHECK(s.theme_choice == ThemeChoice::dark);
  CHECK_FALSE(use_light_theme(s.theme_choice, true));
  CHECK(browser::offline::page().preferences["theme"] == "dark");
  CHECK(page.commands.run("theme", "light"));
  CHECK(use_light_theme(s.theme_choice, false));
  CHECK_FALSE(page.commands.run("theme", "sepia"));
  CHECK(s.theme_choice == ThemeChoice::light);
}

TEST_CASE("a lesson's own inputs change through named edits, refused with the reason when something is missing") {
  Page page;
  Session& s = page.session;
  Commands& c = page.commands;
  namespace edit = lesson_edit;

  // Matrix multiplication: a cell of A, then the workshop's numbers back, the step kept.
  c.open_lesson(dl::lessons::LessonId::matmul, 4);
  s.update(1.0, true);
  auto* matmul = static_cast<const dl::lessons::MatmulLesson*>(s.lessons.existing_model(dl::lessons::LessonId::matmul));
  REQUIRE(matmul);
  CHECK(matmul->step() == 4);
  CHECK(c.edit_lesson(edit::MatmulCell{true, 0, 0, 10.0f}));
  CHECK(matmul->a()[0] == 10.0f);
  CHECK(c.edit_lesson(edit::MatmulExample{dl::lessons::MatmulExample::two_by_three, false}));
  CHECK(matmul->a()[0] == 1.0f);
  CHECK(matmul->step() == 4);
  CHECK(c.edit_lesson(edit::MatmulExample{dl::lessons::MatmulExample::two_by_two, true}));
  CHECK(matmul->step() == 0);

  // Convolution: the live model is an MLP, so its "learned kernel" is refused and says why.
  const dl::Status refused = c.edit_lesson(edit::ConvLearnedKernel{3});
  CHECK_FALSE(refused);
  CHECK(refused.message().find("CNN") != std::string::npos);
  CHECK(c.edit_lesson(edit::ConvImage{7}));
  CHECK(c.edit_lesson(edit::ConvKernel{dl::lessons::ConvKernelChoice::blur}));

  // The ReLU lesson follows the convolution's map once it is shown (Session::update), with no view.
  c.open_lesson(dl::lessons::LessonId::relu);
  s.update(2.0, true);
  auto* conv = static_cast<const dl::lessons::ConvLesson*>(s.lessons.existing_model(dl::lessons::LessonId::conv));
  auto* relu = static_cast<const dl::lessons::ReluLesson*>(s.lessons.existing_model(dl::lessons::LessonId::relu));
  REQUIRE(conv);
  REQUIRE(relu);
  CHECK(conv->image_index() == 7);
  CHECK(relu->before().values() == conv->feature_map().values());
  CHECK(c.edit_lesson(edit::ConvKernel{dl::lessons::ConvKernelChoice::vertical_edges}));
  s.update(3.0, true);
  CHECK(relu->before().values() == conv->feature_map().values());

  // A dense layer on the live network's output layer, for a test image (clamped to the set).
  CHECK(c.edit_lesson(edit::DenseFromModel{1000}));
  auto* dense = static_cast<const dl::lessons::DenseLesson*>(s.lessons.existing_model(dl::lessons::LessonId::dense));
  REQUIRE(dense);
  CHECK(dense->units() == 10);

  // Without a live model, the layer's numbers and the inside view are refused.
  s.live.model.reset();
  CHECK_FALSE(c.edit_lesson(edit::DenseFromModel{0}));
  CHECK_FALSE(c.edit_lesson(edit::InsideRun{std::vector<float>(784, 0.0f)}));
}

TEST_CASE("predict first: a question waits at its step, a wrong try gets the formula, the score is kept") {
  Page page;
  Session& s = page.session;
  Commands& c = page.commands;
  c.open_lesson(dl::lessons::LessonId::matmul);
  s.update(1.0, true);
  auto* matmul = static_cast<const dl::lessons::MatmulLesson*>(s.lessons.existing_model(dl::lessons::LessonId::matmul));
  REQUIRE(matmul);
  c.edit_lesson(lesson_edit::MatmulExample{dl::lessons::MatmulExample::two_by_three, true});

  c.set_predict_first(true);
  CHECK(browser::load_preference("predictFirst") == "1");
  // Step 0 asks nothing (C[0][0] is not complete at step 1); step 1 asks for C[0][0].
  s.update_derived();
  CHECK_FALSE(s.exercises.waiting());
  c.lesson_step();
  s.update_derived();
  REQUIRE(s.exercises.waiting());
  CHECK(s.exercises.question->answer == 58.0f);

  // Step and Play wait for the answer.
  c.lesson_step();
  CHECK(matmul->step() == 1);
  c.lesson_play(true);
  CHECK_FALSE(s.lessons.play.playing);

  // Unreadable, then wrong: the hint with the numbers, another try; then right: the step reveals it.
  c.answer_question("sixty");
  CHECK(s.exercises.wrong_tries == 0);
  CHECK(s.exercises.feedback_is_error);
  c.answer_question("60");
  CHECK(s.exercises.wrong_tries == 1);
  CHECK(s.exercises.feedback.find("1×7 + 2×9 + 3×11") != std::string::npos);
  CHECK(s.exercises.waiting());
  c.answer_question("58");
  CHECK(matmul->step() == 2);
  CHECK(s.exercises.feedback == "Right: C[0][0] = 1×7 + 2×9 + 3×11 = 58.");
  CHECK(s.exercises.score(dl::lessons::LessonId::matmul).asked == 1);
  CHECK(s.exercises.score(dl::lessons::LessonId::matmul).right_first_try == 0);

  // Play stops at the next question (C[0][1], before step 5).
  c.lesson_play(true);
  for (int frame = 0; frame < 20; ++frame) s.update_derived(0.25, true);
  CHECK_FALSE(s.lessons.play.playing);
  CHECK(matmul->step() == 4);
  REQUIRE(s.exercises.waiting());
  c.answer_question("64");  // 1×8 + 2×10 + 3×12, right first time
  CHECK(s.exercises.score(dl::lessons::LessonId::matmul).right_first_try == 1);

  // Two wrong tries show the answer; Show me does too; both step on and count as asked.
  c.lesson_scrub(7);
  s.update_derived();
  REQUIRE(s.exercises.waiting());
  c.answer_question("1");
  c.answer_question("2");
  CHECK(matmul->step() == 8);
  CHECK(s.exercises.feedback.rfind("The answer: ", 0) == 0);
  c.lesson_scrub(10);
  s.update_derived();
  REQUIRE(s.exercises.waiting());
  c.show_answer();
  CHECK(matmul->step() == 11);
  CHECK(s.exercises.score(dl::lessons::LessonId::matmul).asked == 4);

  // The scores survive a reload: a new session reads them from the browser.
  CHECK(browser::load_preference("lessonScores") == "matmul 1/4");
  Session reloaded;
  reloaded.update(0.0, false);
  CHECK(reloaded.exercises.on);
  CHECK(reloaded.exercises.score(dl::lessons::LessonId::matmul).asked == 4);
  CHECK(reloaded.exercises.score(dl::lessons::LessonId::matmul).right_first_try == 1);

  // Through run(), as the accessible layer sends it.
  c.lesson_scrub(1);
  s.update_derived();
  REQUIRE(s.exercises.waiting());
  CHECK(c.run("answer", "58"));
  CHECK(s.exercises.outcome == ExerciseOutcome::right);
  CHECK(c.run("predict_first", "0"));
  CHECK_FALSE(s.exercises.on);
}

TEST_CASE("the workshop path: a teacher's link opens a stop, each checkpoint is met when done and not before") {
  Page page;
  Session& s = page.session;
  Commands& c = page.commands;
  CHECK_FALSE(parse_path_link("#path/0"));
  CHECK_FALSE(parse_path_link("#path/13"));
  CHECK(parse_path_link("#path/perceptron") == 2);

  // The perceptron's stop from a link: its lesson opens; XOR chosen is not yet its end.
  REQUIRE(c.open_link("#path/3"));
  CHECK(s.path.open);
  CHECK(s.path.current == 2);
  CHECK(s.lessons.current == dl::lessons::LessonId::perceptron);
  CHECK(s.nav.requested_view == View::lessons);
  s.update(1.0, true);
  CHECK_FALSE(s.path.met[2]);
  c.edit_lesson(lesson_edit::PerceptronPoints{dl::lessons::PointSet::xor_gate});
  s.update(1.1, true);
  CHECK_FALSE(s.path.met[2]);
  c.lesson_scrub(1 << 20);  // the end of the run
  s.update(1.2, true);
  CHECK(s.path.met[2]);
  CHECK(browser::load_preference("pathMet") == "001000000000");
  CHECK(s.notices.text.rfind("Checkpoint met", 0) == 0);

  // Dense: met at its softmax step only.
  c.path_next();
  CHECK(s.lessons.current == dl::lessons::LessonId::dense);
  s.update(1.3, true);
  CHECK_FALSE(s.path.met[3]);
  c.lesson_scrub(1 << 20);
  s.update(1.4, true);
  CHECK(s.path.met[3]);

  // The draw stop counts a mistake taught there, not one taught before arriving.
  auto draw_bar = [&] {  // one diagonal stroke, read by the live model
    c.begin_stroke({60, 60});
    c.extend_stroke({200, 200});
    c.end_stroke();
    s.update_derived();
  };
  draw_bar();
  REQUIRE(s.drawing.has_reading);
  const int wrong_label = (s.drawing.prediction + 1) % 10;
  c.add_personal_digit(wrong_label);
  c.open_path(7);
  s.update(2.0, false);
  CHECK_FALSE(s.path.met[7]);
  draw_bar();
  c.add_personal_digit(s.drawing.prediction);  // a label the model read: no mistake taught
  s.update(2.1, false);
  CHECK_FALSE(s.path.met[7]);
  draw_bar();
  c.add_personal_digit((s.drawing.prediction + 1) % 10);
  s.update(2.2, false);
  CHECK(s.path.met[7]);

  // The mistakes stop: a test image the model gets wrong (the zero-weight MLP reads every image alike).
  c.path_next();
  CHECK(s.nav.requested_view == View::test);
  c.choose_test_set(TestChoice::Set::test);
  s.update(3.0, false);
  int wrong = -1;
  for (int i = 0; i < 10 && wrong < 0; ++i) {
    c.show_image(i);
    s.update_derived();
    if (s.test_choice.shown.prediction != s.test_choice.shown.label) wrong = i;
    else CHECK_FALSE(checkpoint_met(s, 8));
  }
  REQUIRE(wrong >= 0);
  s.update(3.1, false);
  CHECK(s.path.met[8]);

  // Training: 90% val_acc with the MLP, as the trainer reports it.
  c.open_path(6);
  CHECK_FALSE(checkpoint_met(s, 6));
  s.status.has_validation = true;
  s.status.val_accuracy = 0.93;
  s.status.config.model = dl::ModelKind::mlp;
  CHECK(checkpoint_met(s, 6));
  s.status.config.model = dl::ModelKind::cnn;
  CHECK_FALSE(checkpoint_met(s, 6));

  // The progress and the stop survive a reload.
  Session reloaded;
  reloaded.update(0.0, false);
  CHECK(reloaded.path.met[2]);
  CHECK(reloaded.path.met[7]);
  CHECK_FALSE(reloaded.path.met[0]);
  CHECK(reloaded.path.current == 6);
  CHECK(c.run("path_close", ""));
  CHECK_FALSE(s.path.open);
}
