"""Follow the lecturer: a class registry shared through files, and two sessions (lecturer, student) on one server."""

import json
import os
import time

import pytest

from explainer import ui
from explainer.classroom import registry as registry_module
from explainer.classroom.registry import FOLLOWER_TIMEOUT_S, WATCH_SECONDS, Registry, normalise_code
from tests.test_links import _address, _open, _widget


def test_a_class_keeps_the_lecturers_view_and_counts_who_follows(tmp_path):
    lecturer_server, student_server = Registry(tmp_path), Registry(tmp_path)  # two processes, one folder
    opened = lecturer_server.open("lecturer")
    assert normalise_code(opened.code.lower()) == opened.code and student_server.get(opened.code) is not None
    assert lecturer_server.publish(opened.code, "lecturer", "dropout", [("dropout.p", "0.3")])
    assert not lecturer_server.publish(opened.code, "lecturer", "dropout", [("dropout.p", "0.3")]), "no change"
    assert not student_server.publish(opened.code, "student", "home", []), "only its lecturer leads a class"
    seen = student_server.look(opened.code, "student-1", now=100.0)
    assert (seen.page, seen.params, seen.version) == ("dropout", [("dropout.p", "0.3")], 1)
    student_server.look(opened.code, "student-2", now=101.0)
    assert lecturer_server.following(opened.code, now=102.0) == 2
    assert lecturer_server.following(opened.code, now=101.0 + FOLLOWER_TIMEOUT_S + 1) == 0, "gone students"
    other = lecturer_server.open("another lecturer")
    assert other.code != opened.code and student_server.get(other.code).page == "home", "classes are independent"
    lecturer_server.close(opened.code, "lecturer")
    assert student_server.get(opened.code) is None


def _stamp(path):
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_ino


def test_followers_never_rewrite_the_lecturers_view_and_a_look_reads_no_json_when_nothing_changed(tmp_path,
                                                                                                 monkeypatch):
    """Ten followers looking every second rewrote the class file (and could put back a view the lecturer had
    just changed, read before it); now each says "here" in a file of its own, and an unchanged class is a stat."""
    classes = Registry(tmp_path)
    opened = classes.open("lecturer")
    classes.publish(opened.code, "lecturer", "dropout", [("dropout.step", "2")])
    before = _stamp(tmp_path / f"{opened.code}.json")
    parsed = []
    real_loads = json.loads
    monkeypatch.setattr(registry_module.json, "loads", lambda text: parsed.append(1) or real_loads(text))
    for follower in range(10):
        assert classes.look(opened.code, f"student-{follower}").params == [("dropout.step", "2")]
    assert _stamp(tmp_path / f"{opened.code}.json") == before, "a follower wrote the lecturer's file"
    assert classes.following(opened.code) == 10
    assert len(parsed) <= 1, f"{len(parsed)} JSON reads of an unchanged class"
    classes.leave(opened.code, "student-3")
    assert classes.following(opened.code) == 9
    assert classes.look(opened.code, "../escape") is not None and not (tmp_path / "escape").exists()


def test_a_connected_follower_stays_counted_without_looking_and_is_counted_out_when_it_goes(tmp_path, monkeypatch):
    """A follower's panel no longer reruns every 2 s only to be counted: its server process touches its mark while
    its session is connected (here: while `alive` says so) and removes it as soon as it is not."""
    monkeypatch.setattr(registry_module, "PRESENCE_SECONDS", 0.05)
    monkeypatch.setattr(registry_module, "FOLLOWER_TIMEOUT_S", 0.5)
    classes = Registry(tmp_path)
    opened = classes.open("lecturer")
    connected = {"student-1": True, "student-2": True}
    for follower in connected:
        classes.look(opened.code, follower)
        classes.keep_present(opened.code, follower, lambda follower=follower: connected[follower])
    classes.subscribe(opened.code, "watcher", lambda: None)
    time.sleep(1.0)  # longer than a mark counts without a touch
    assert classes.following(opened.code) == 2, "connected followers who did not look were counted out"
    connected["student-2"] = False
    deadline = time.monotonic() + 5
    while classes.following(opened.code) != 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert classes.following(opened.code) == 1 and not (tmp_path / f"{opened.code}.followers" / "student-2").exists()
    classes.leave(opened.code, "student-1")  # leaving stops the touches: the mark does not come back
    time.sleep(0.3)
    assert classes.following(opened.code) == 0
    classes.unsubscribe(opened.code, "watcher")


def test_a_change_is_pushed_to_subscribers_at_once_here_and_from_another_process_within_the_watch(tmp_path):
    lecturer_server, student_server = Registry(tmp_path), Registry(tmp_path)
    opened = lecturer_server.open("lecturer")
    told = []
    student_server.subscribe(opened.code, "student-1", lambda: told.append(time.monotonic()))
    student_server.subscribe(opened.code, "gone", lambda: False)  # a session that closed: dropped when told
    lecturer_server.publish(opened.code, "lecturer", "dropout", [])
    assert len(told) == 1, "a change in this process reaches its followers at once"
    assert student_server.subscribers(opened.code) == 1

    path = tmp_path / f"{opened.code}.json"  # another process publishes: only the file changes
    raw = json.loads(path.read_text())
    temporary = tmp_path / "other.tmp"
    temporary.write_text(json.dumps({**raw, "page": "convolution", "version": raw["version"] + 1}))
    start = time.monotonic()
    os.replace(temporary, path)
    while len(told) < 2 and time.monotonic() - start < 5:
        time.sleep(0.02)
    assert len(told) == 2 and told[1] - start < WATCH_SECONDS + 1.0, "another process's change is pushed"
    assert student_server.get(opened.code).page == "convolution", "the cache sees the new file"

    lecturer_server.close(opened.code, "lecturer")
    assert len(told) == 3, "a closed class is pushed too"
    student_server.unsubscribe(opened.code, "student-1")
    assert student_server.subscribers(opened.code) == 0


@pytest.mark.parametrize("typed", ["", "ABC", "ABCDE", "AB0O", "a b c"])
def test_a_code_that_cannot_be_one_is_refused(typed):
    assert normalise_code(typed) is None


def _sent_to(at) -> str | None:
    """The page a following student's panel sends the browser to: the script that clicks the sidebar's link."""
    import re

    for element in at.get("html"):
        found = re.search(r'const \[target, version, attempt\] = \["(\w+)"', element.proto.body)
        if found:
            return found.group(1)
    return None


def _click_script(at) -> str | None:
    """The body of the script that clicks the sidebar's link (its page, the class's version and the attempt)."""
    bodies = [element.proto.body for element in at.get("html")]
    return next((body for body in bodies if "const [target, version, attempt]" in body), None)


def _follow_the_link(at, name: str) -> None:
    """What the script makes the browser do: follow the sidebar's link to the page (its address has the language
    only; the lecturer's settings come from the session)."""
    at.query_params.clear()
    at.query_params["lang"] = at.session_state["lang"]
    at.switch_page(f"pages/{name}.py").run()


def _a_lecturer_and_a_student():
    """A lecturer (Korean) who opened a class on the home page, and a student (English) who joined it by its code."""
    lecturer = _open("home", {"lang": "ko"})
    lecturer.button(key="class_open").click().run()
    student = _open("home", {"lang": "en"})
    student.text_input(key="_class.code_typed").set_value(lecturer.session_state["_class"]["code"])
    student.button(key="class_join").click().run()
    return lecturer, student


def test_a_student_follows_the_lecturers_page_and_settings(data_root, monkeypatch):
    monkeypatch.setenv("EXPLAINER_LECTURER_PIN", "2468")
    lecturer = _open("home", {"lang": "ko"})
    lecturer.text_input(key="_class.pin").set_value("1111")
    lecturer.button(key="class_open").click().run()
    assert "_class" not in lecturer.session_state, "a wrong PIN opens nothing"
    lecturer.text_input(key="_class.pin").set_value("2468")
    lecturer.button(key="class_open").click().run()
    code = lecturer.session_state["_class"]["code"]

    student = _open("home", {"lang": "en"})
    student.text_input(key="_class.code_typed").set_value(code.lower())
    student.button(key="class_join").click().run()
    assert student.session_state["_class"]["code"] == code

    lecturer.switch_page("pages/dropout.py").run()
    _widget(lecturer, "slider", "dropout.p").set_value(0.3).run()
    student.run()  # its poll (a fragment every second in a browser): the browser is sent to the lecturer's page
    assert _sent_to(student) == "dropout"
    _follow_the_link(student, "dropout")
    assert _widget(student, "slider", "dropout.p").value == 0.3
    assert _address(student) == {"lang": "en", "dropout.p": "0.3"}, "the student keeps their own language"
    assert lecturer.get("metric")[-1].value == "1"

    student.button(key="class_explore").click().run()
    _widget(student, "slider", "dropout.p").set_value(0.6).run()
    _widget(lecturer, "slider", "dropout.p").set_value(0.5).run()  # back to the default: out of the address
    student.run()
    assert _widget(student, "slider", "dropout.p").value == 0.6, "exploring alone"
    student.button(key="class_follow").click().run()
    student.run()
    assert _widget(student, "slider", "dropout.p").value == 0.5 and "dropout.p" not in _address(student)


def test_a_switch_run_with_the_old_address_is_switched_again(data_root, monkeypatch):
    """A step within the page: the panel asks Streamlit to switch to the page with the lecturer's settings, and a
    rerun the browser asks for just then (a panel's timer) is folded into that switch with the *old* address
    (Streamlit keeps the newer request's). That run showed the old view and counted as shown: the student stayed
    there until the lecturer's next change (seen in the follow load test). It is switched again at once."""
    from streamlit.runtime.scriptrunner_utils.exceptions import StopException

    lecturer, student = _a_lecturer_and_a_student()
    lecturer.switch_page("pages/dropout.py").run()
    student.run()
    _follow_the_link(student, "dropout")
    assert _widget(student, "slider", "dropout.p").value == 0.5
    _widget(lecturer, "slider", "dropout.p").set_value(0.3).run()

    def overtaken(*args, **kwargs):  # the switch's own run never comes: the timer's rerun takes its place
        raise StopException()

    monkeypatch.setattr(ui.st, "switch_page", overtaken)
    student.run()
    assert "dropout.p" not in _address(student) and student.session_state["_class"].get("switching")
    monkeypatch.undo()
    student.run()  # the timer's rerun, with the address the browser had: the old view, then switched again
    assert _widget(student, "slider", "dropout.p").value == 0.3
    assert _address(student) == {"lang": "en", "dropout.p": "0.3"}
    assert "switching" not in student.session_state["_class"], "shown, once it really was"


def test_a_lecturers_new_page_reaches_the_class_before_the_page_has_run(data_root, monkeypatch):
    """The class starts switching while the lecturer's own page still runs: the new page is published first. (A
    page that fails half-way shows it: its settings would be published at the run's end, which it never reaches.)"""
    from explainer.views import dropout as dropout_view

    lecturer, student = _a_lecturer_and_a_student()

    def still_running(*args, **kwargs):
        raise RuntimeError("the lecturer's page has not finished")

    monkeypatch.setattr(dropout_view, "masks_panel", still_running)
    lecturer.switch_page("pages/dropout.py").run()
    assert lecturer.exception, "the page stopped half-way"
    student.run()
    assert _sent_to(student) == "dropout"


def test_a_switch_lost_under_load_is_tried_again_on_the_next_look(data_root, monkeypatch):
    """A student's page switch that never ran (overtaken by another rerun on a busy server) once left the student
    behind for good: the version counted as shown before the page had run. It counts only once the page has."""

    lecturer, student = _a_lecturer_and_a_student()
    lecturer.switch_page("pages/dropout.py").run()
    _widget(lecturer, "slider", "dropout.p").set_value(0.3).run()

    student.run()
    assert _sent_to(student) == "dropout"  # ... and the browser never followed (a rerun overtook the click)
    assert "dropout.p" not in _address(student), "the switch was lost"
    sent = _click_script(student)
    student.run()  # a look soon after: the click may still be on its way, it is not sent again yet ...
    assert _click_script(student) == sent, "... only the same script, which a browser that ran it keeps as it is"
    monkeypatch.setattr(ui, "FOLLOW_RECLICK_SECONDS", 0.0)  # ... time enough has passed: it was lost
    student.run()  # the next look (a push or the panel's own timer) sends the browser again
    assert _sent_to(student) == "dropout" and _click_script(student) != sent
    _follow_the_link(student, "dropout")
    assert _widget(student, "slider", "dropout.p").value == 0.3


def test_a_click_whose_script_streamlit_dropped_is_drawn_again(data_root, monkeypatch):
    """Two pushes in a moment (the lecturer's page published twice) rerun the panel twice, and Streamlit drops the
    first run's output that was not sent yet, the script that clicks the link with it. The second run found the
    switch under way and drew nothing: the student waited FOLLOW_RECLICK_SECONDS (5 s) for a click never sent
    (seen in the follow load test: 2 to 7 of 9 followers at 5.4 s). It draws the same script again."""
    lecturer, student = _a_lecturer_and_a_student()
    lecturer.switch_page("pages/dropout.py").run()
    student.run()  # the first push: the script is drawn (and, here, dropped before the browser got it)
    sent = _click_script(student)
    assert sent is not None
    student.run()  # the second push, at once: the same script, not nothing
    assert _click_script(student) == sent and _sent_to(student) == "dropout"


def test_a_setting_a_page_remembers_is_published_with_that_page(data_root, monkeypatch):
    """The lecturer steps the dropout animation, goes home and comes back: the page writes the remembered step
    into the address while it runs. That write was published with the page of the last run (home), so the class
    was sent home with the dropout page's step between the dropout page and the dropout page with its step."""
    from explainer.classroom.registry import Registry

    published = []
    real = Registry.publish
    monkeypatch.setattr(Registry, "publish", lambda self, code, lecturer, page, params: published.append(
        (page, list(params))) or real(self, code, lecturer, page, params))
    lecturer, _ = _a_lecturer_and_a_student()
    lecturer.switch_page("pages/dropout.py").run()
    lecturer.button(key="step").click().run()
    lecturer.switch_page("pages/home.py").run()
    published.clear()
    lecturer.switch_page("pages/dropout.py").run()
    assert published and all(page == "dropout" for page, _ in published), published
    assert published[-1] == ("dropout", [("dropout.step", "2")])
