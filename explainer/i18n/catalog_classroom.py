"""The classroom: shared links of a view, projector mode, following the lecturer."""

STRINGS = {
    "link.share": {"ko": "이 화면의 링크 · QR 코드", "en": "Link to this view · QR code"},
    "link.dialog_title": {"ko": "이 화면의 링크", "en": "Link to this view"},
    "link.copy_help": {
        "ko": "오른쪽 위의 복사 단추로 링크를 복사하세요. 이 링크를 열면 지금 보이는 설정 그대로 열립니다.",
        "en": "Copy the link with the copy button at its top right. Opening it shows this view with these settings.",
    },
    "link.qr_caption": {
        "ko": "학생은 휴대폰 카메라로 이 QR 코드를 찍어 같은 화면을 엽니다.",
        "en": "Students scan this QR code with a phone camera to open the same view.",
    },
    "link.bad_parameter": {
        "ko": "링크의 `{name}={value}` 값은 쓸 수 없어 무시했습니다.",
        "en": "The link's `{name}={value}` is not a valid value here and was ignored.",
    },
    "present.switch": {"ko": "프로젝터 모드", "en": "Projector mode"},
    "present.help": {
        "ko": "강의실 뒤에서도 읽히도록 글자와 선을 키우고 사이드바와 부가 설명을 숨깁니다. 단축키 P로도 켜고 끕니다.",
        "en": "Larger type and thicker lines that read from the back of the room; the sidebar and extra notes hidden. "
              "P switches it too.",
    },
    "present.leave": {"ko": "프로젝터 모드 끝내기 (P)", "en": "Leave projector mode (P)"},
    "keys.title": {"ko": "단축키", "en": "Keyboard shortcuts"},
    "keys.play": {"ko": "**Space**: 재생 / 일시 정지", "en": "**Space**: play / pause"},
    "keys.back": {"ko": "**←**: 한 단계 뒤로", "en": "**←**: one step back"},
    "keys.next": {"ko": "**→**: 한 단계 앞으로", "en": "**→**: one step on"},
    "keys.reset": {"ko": "**R**: 처음으로", "en": "**R**: back to the start"},
    "keys.present": {"ko": "**P**: 프로젝터 모드 켜기 / 끄기", "en": "**P**: projector mode on / off"},
    "class.title": {"ko": "수업 따라가기", "en": "Follow the lecture"},
    "class.open": {"ko": "수업 열기 (강사)", "en": "Open a class (lecturer)"},
    "class.pin": {"ko": "강사 PIN", "en": "Lecturer PIN"},
    "class.pin_wrong": {"ko": "강사 PIN이 맞지 않습니다.", "en": "The lecturer PIN is wrong."},
    "class.code": {"ko": "수업 코드", "en": "Class code"},
    "class.join": {"ko": "수업 참여 (학생)", "en": "Join the class (student)"},
    "class.unknown": {"ko": "그런 수업 코드가 없습니다. 화면의 코드를 다시 확인하세요.",
                      "en": "No class has that code. Check the code on the screen."},
    "class.closed": {"ko": "강사가 수업을 닫았습니다.", "en": "The lecturer closed the class."},
    "class.following": {"ko": "따라오는 학생", "en": "Students following"},
    "class.close": {"ko": "수업 닫기", "en": "Close the class"},
    "class.joined": {"ko": "수업 **{code}**에 참여 중입니다.", "en": "In class **{code}**."},
    "class.explore": {"ko": "혼자 둘러보기", "en": "Explore alone"},
    "class.follow": {"ko": "강사 화면 다시 따라가기", "en": "Follow the lecturer again"},
    "class.leave": {"ko": "수업 나가기", "en": "Leave the class"},
}
