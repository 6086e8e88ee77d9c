"""Follow the lecturer: a class registry shared through files, and two sessions (lecturer, student) on one server."""

import pytest

from explainer.classroom.registry import FOLLOWER_TIMEOUT_S, Registry, normalise_code
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


@pytest.mark.parametrize("typed", ["", "ABC", "ABCDE", "AB0O", "a b c"])
def test_a_code_that_cannot_be_one_is_refused(typed):
    assert normalise_code(typed) is None


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
    student.run()  # its poll (a fragment every second in a browser)
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
