"""Datasets: names, class names, where the data was looked for, and how to provide it."""

_FASHION = [
    ("티셔츠/탑", "T-shirt/top"), ("바지", "Trouser"), ("풀오버", "Pullover"), ("드레스", "Dress"), ("코트", "Coat"),
    ("샌들", "Sandal"), ("셔츠", "Shirt"), ("스니커즈", "Sneaker"), ("가방", "Bag"), ("앵클 부츠", "Ankle boot"),
]
_CIFAR10 = [
    ("비행기", "airplane"), ("자동차", "automobile"), ("새", "bird"), ("고양이", "cat"), ("사슴", "deer"),
    ("개", "dog"), ("개구리", "frog"), ("말", "horse"), ("배", "ship"), ("트럭", "truck"),
]

STRINGS = {
    **{f"data.class.fashion_mnist.{i}": {"ko": ko, "en": en} for i, (ko, en) in enumerate(_FASHION)},
    **{f"data.class.cifar10.{i}": {"ko": ko, "en": en} for i, (ko, en) in enumerate(_CIFAR10)},
    "data.name.mnist": {"ko": "MNIST (손글씨 숫자)", "en": "MNIST (handwritten digits)"},
    "data.name.fashion_mnist": {"ko": "Fashion-MNIST (의류 이미지)", "en": "Fashion-MNIST (clothing)"},
    "data.name.cifar10": {"ko": "CIFAR-10 (컬러 사진)", "en": "CIFAR-10 (colour photos)"},
    "data.split.train": {"ko": "학습 데이터", "en": "training split"},
    "data.split.test": {"ko": "테스트 데이터", "en": "test split"},
    "data.unavailable.title": {
        "ko": "**{dataset}**: {split:를} 불러올 수 없습니다.",
        "en": "**{dataset}**: the {split} is not available.",
    },
    "data.unavailable.tried": {"ko": "찾아본 곳 (순서대로):", "en": "Sources tried, in order:"},
    "data.source.data_dir": {"ko": "데이터 폴더 `{path}`", "en": "data folder `{path}`"},
    "data.source.debian": {
        "ko": "Debian 패키지 dataset-fashion-mnist `{path}`",
        "en": "Debian package dataset-fashion-mnist `{path}`",
    },
    "data.source.download": {
        "ko": "torchvision 다운로드 (인터넷) → `{path}`",
        "en": "torchvision download (internet) into `{path}`",
    },
    "data.problem.no_folder": {"ko": "폴더가 없습니다", "en": "folder not found"},
    "data.problem.no_file": {"ko": "파일이 없습니다", "en": "file not found"},
    "data.problem.no_files": {"ko": "파일이 없습니다: {detail}", "en": "files missing: {detail}"},
    "data.problem.corrupt": {"ko": "파일을 읽을 수 없습니다: {detail}", "en": "unreadable file: {detail}"},
    "data.problem.disabled": {
        "ko": "EXPLAINER_NO_DOWNLOAD가 설정되어 있어 내려받지 않았습니다",
        "en": "not tried: EXPLAINER_NO_DOWNLOAD is set",
    },
    "data.problem.failed": {"ko": "실패했습니다: {detail}", "en": "failed: {detail}"},
    "data.fix.title": {"ko": "데이터를 준비하는 방법:", "en": "How to provide the data:"},
    "data.fix.data_dir": {
        "ko": "환경 변수 `EXPLAINER_DATA_DIR`에 다음 구조로 된 폴더의 경로를 지정하세요 (지금은 `{path}`): {layout}",
        "en": "Set the environment variable `EXPLAINER_DATA_DIR` to a folder laid out like this (now `{path}`): {layout}",
    },
    "data.layout.mnist": {
        "ko": "`MNIST/raw/`(torchvision 구조) 또는 `mnist/` 안에 IDX 파일 네 개 `train-images-idx3-ubyte.gz`, `train-labels-idx1-ubyte.gz`, `t10k-images-idx3-ubyte.gz`, `t10k-labels-idx1-ubyte.gz`",
        "en": "`MNIST/raw/` (torchvision's layout) or `mnist/` holding the four IDX files `train-images-idx3-ubyte.gz`, `train-labels-idx1-ubyte.gz`, `t10k-images-idx3-ubyte.gz`, `t10k-labels-idx1-ubyte.gz`",
    },
    "data.layout.fashion_mnist": {
        "ko": "`FashionMNIST/raw/`(torchvision 구조) 또는 `fashion-mnist/` 안에 IDX 파일 네 개 `train-images-idx3-ubyte.gz`, `train-labels-idx1-ubyte.gz`, `t10k-images-idx3-ubyte.gz`, `t10k-labels-idx1-ubyte.gz`",
        "en": "`FashionMNIST/raw/` (torchvision's layout) or `fashion-mnist/` holding the four IDX files `train-images-idx3-ubyte.gz`, `train-labels-idx1-ubyte.gz`, `t10k-images-idx3-ubyte.gz`, `t10k-labels-idx1-ubyte.gz`",
    },
    "data.layout.cifar10": {
        "ko": "`cifar-10-batches-py/`(torchvision 구조: `data_batch_1`…`data_batch_5`, `test_batch`), `cifar10-jpeg/train/<클래스>/*.jpg`와 `cifar10-jpeg/test/<클래스>/*.jpg`, 또는 같은 트리를 묶은 `cifar10-jpeg/cifar10-jpeg.tar.gz`",
        "en": "`cifar-10-batches-py/` (torchvision's layout: `data_batch_1`…`data_batch_5`, `test_batch`), `cifar10-jpeg/train/<class>/*.jpg` with `cifar10-jpeg/test/<class>/*.jpg`, or the same tree packed as `cifar10-jpeg/cifar10-jpeg.tar.gz`",
    },
    "data.fix.debian": {
        "ko": "Fashion-MNIST는 Debian/Ubuntu 패키지로도 설치할 수 있습니다: `sudo apt-get install dataset-fashion-mnist` (`{path}`에 설치됨)",
        "en": "Fashion-MNIST also comes as a Debian/Ubuntu package: `sudo apt-get install dataset-fashion-mnist` (installs into `{path}`)",
    },
    "data.fix.download": {
        "ko": "인터넷에 연결하고 `EXPLAINER_NO_DOWNLOAD`를 설정하지 않으면 torchvision이 `{path}`{path:~로} 내려받고 무결성을 검사합니다.",
        "en": "Connect to the internet and leave `EXPLAINER_NO_DOWNLOAD` unset: torchvision then downloads into `{path}` and checks the files.",
    },
    "data.cli.folders": {"ko": "데이터 폴더: {data}\n캐시 폴더: {cache}", "en": "Data folder: {data}\nCache folder: {cache}"},
    "data.cli.col.dataset": {"ko": "데이터셋", "en": "Dataset"},
    "data.cli.col.available": {"ko": "사용 가능", "en": "Available"},
    "data.cli.col.train": {"ko": "학습", "en": "Train"},
    "data.cli.col.test": {"ko": "테스트", "en": "Test"},
    "data.cli.col.time": {"ko": "불러오기(초)", "en": "Load (s)"},
    "data.cli.col.source": {"ko": "출처", "en": "Source"},
    "data.cli.yes": {"ko": "예", "en": "yes"},
    "data.cli.no": {"ko": "아니요", "en": "no"},
    "data.cli.none_available": {
        "ko": "사용할 수 있는 데이터셋이 없습니다. 위의 안내대로 데이터를 준비하세요.",
        "en": "No dataset is available. Provide the data as described above.",
    },
}
