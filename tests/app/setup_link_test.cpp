// Setup links: every value checked, a bad one named and the rest kept, and a link that reads back.
#include <doctest/doctest.h>

#include "app/state/setup_link.h"

TEST_CASE("a teacher's link sets the training setup") {
  const auto link = parse_setup_link("http://127.0.0.1:8000/#train?dataset=fashion-mnist&model=cnn&optimizer=sgd&lr=0.01&batch=32&epochs=2");
  REQUIRE(link);
  CHECK(link->problems.empty());
  CHECK(link->dataset == dl::DatasetKind::fashion_mnist);
  CHECK(link->model == dl::ModelKind::cnn);
  CHECK(link->optimizer == dl::OptimizerKind::sgd);
  CHECK(*link->learning_rate == doctest::Approx(0.01f));
  CHECK(link->batch_size == 32);
  CHECK(link->epochs == 2);
  CHECK(parse_setup_link("#train")->problems.empty());
  CHECK_FALSE(parse_setup_link("#conv/step=3").has_value());
  CHECK_FALSE(parse_setup_link("#trainer?model=cnn").has_value());
}

TEST_CASE("a malformed value is named and ignored; the others still apply") {
  const auto link = parse_setup_link("#train?model=rnn&lr=-1&batch=33&epochs=0&epochs=99&optimizer=ADAM&colour=red&lr=nan");
  REQUIRE(link);
  CHECK_FALSE(link->model.has_value());
  CHECK_FALSE(link->learning_rate.has_value());
  CHECK_FALSE(link->batch_size.has_value());
  CHECK_FALSE(link->epochs.has_value());
  CHECK(link->optimizer == dl::OptimizerKind::adam);  // upper case is fine
  REQUIRE(link->problems.size() == 7);
  CHECK(link->problems[0] == "model=rnn is not a model (mlp or cnn)");
  CHECK(link->problems[1] == "lr=-1 is not a learning rate (a positive number)");
  CHECK(link->problems[5] == "colour=red is not a setting the page knows (dataset, model, optimizer, lr, batch, epochs)");
}

TEST_CASE("the page's own link reads back to the same setup") {
  const std::string hash = make_setup_link(dl::DatasetKind::mnist, dl::ModelKind::mlp, dl::OptimizerKind::rmsprop, 0.0005f, 128, 7);
  CHECK(hash == "#train?dataset=mnist&model=mlp&optimizer=rmsprop&lr=0.0005&batch=128&epochs=7");
  const auto back = parse_setup_link(hash);
  REQUIRE(back);
  CHECK(back->problems.empty());
  CHECK(back->optimizer == dl::OptimizerKind::rmsprop);
  CHECK(*back->learning_rate == 0.0005f);
  CHECK(back->batch_size == 128);
  CHECK(back->epochs == 7);
}
