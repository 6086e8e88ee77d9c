"""The perceptron page's learning-rule state machine (explainer.topics.perceptron_rule)."""

from explainer.topics import perceptron as perc
from explainer.topics import perceptron_rule as rule


def test_a_step_updates_on_the_next_wrong_point_and_moves_the_cursor():
    state = rule.zero()  # (0, 0, 0): τ(0) = 1, so OR's (0, 0) -> false is wrong
    after = rule.step(state, "OR", 0.5, limit=8.0)
    assert after.weights == (0.0, 0.0, -1.0) and after.cursor == 1 and len(after.log) == 1
    assert after.notice is None and after.log[0].factor == -1.0
    keys = [key for key, _ in rule.update_lines(after.log[0], 1)]
    assert keys == ["perceptron.step_point", "perceptron.step_sum", "perceptron.step_factor",
                    "perceptron.step_weights"]


def test_a_converged_state_says_so_and_keeps_its_weights():
    state = rule.preset("OR")
    after = rule.step(state, "OR", 0.5, limit=8.0)
    assert after.weights == perc.PRESETS["OR"] and after.notice == ("converged_now", {})


def test_weights_leaving_the_sliders_are_refused_with_a_notice():
    state = rule.RuleState((-7.9, -7.9, 7.5), cursor=3)
    after = rule.step(state, "OR", 1.0, limit=8.0)  # (1, 1) is wrong: b would become 7.5 + 2 = 9.5 > 8
    assert after == rule.RuleState(state.weights, 3, (), ("out_of_range", {"limit": "8.0"}))
    xor = rule.train(rule.zero(), "XOR", 1.0, limit=0.5)
    assert xor.notice == ("out_of_range", {"limit": "0.5"}) and xor.weights == (0.0, 0.0, 0.0) and not xor.log


def test_training_runs_to_the_end_and_logs_every_update():
    done = rule.train(rule.zero(), "AND", 0.5, limit=8.0)
    assert done.notice[0] == "train_converged" and done.cursor == 0
    assert perc.correct_count(*done.weights, "AND") == 4
    assert len(done.log) == done.notice[1]["updates"] > 0
    failed = rule.train(rule.zero(), "XOR", 0.1, limit=8.0, max_epochs=5)
    assert failed.notice[0] == "train_failed"


def test_terms_and_the_two_layer_sums():
    assert rule.term(-1.0) == "(-1.0)" and rule.term(1.5) == "1.5" and rule.term(-1) == "(-1)"
    assert rule.xor_unit_sums()["or_sum"] == "-0.5 + 1.0·x1 + 1.0·x2"
