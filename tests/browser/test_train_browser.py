"""Train and compare in a real browser, on a tiny generated dataset: a one-epoch run from the page grows its
curve live, finishes, and appears in the runs table; a reload shows the stored result at once."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from explainer.i18n import t
from explainer.views.compare import preset_title
from tests.browser.conftest import (
    assert_fits_the_width,
    assert_no_exception,
    assert_tables_fit,
    open_page,
    running_app,
    screenshot,
    settle_layout,
    wait_for_app,
)
from tests.datagen import write_idx_dataset, write_tiny_datasets

# One pytest process runs these (`--dist loadgroup`): they share the module's server with the tiny datasets.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("tiny_data_server")]
SUBSET = "200"  # the one-epoch run trains a subset: it differs from every other test's run


@pytest.fixture(scope="module")
def tiny_app_url(tmp_path_factory):
    """A streamlit server whose data folder holds tiny MNIST, Fashion-MNIST and CIFAR-10, and an empty store."""
    root = tmp_path_factory.mktemp("train-browser")
    write_tiny_datasets(root / "data", train=200, test=60)
    # Fashion-MNIST with 30,000 training images: the shared-link test's 500-epoch run on all of them must outlast
    # opening a second page on a loaded CI machine by far (2,000 images trained 500 epochs within 80 s there).
    write_idx_dataset(root / "data" / "fashion-mnist", 30_000, 60, seed=2)
    with running_app(root, EXPLAINER_DATA_DIR=str(root / "data"), EXPLAINER_CACHE_DIR=str(root / "cache"),
                     EXPLAINER_NO_DOWNLOAD="1", EXPLAINER_DEVICE="cpu",
                     EXPLAINER_MAX_RUN_MINUTES="1000",  # the shared-link test's long run is wanted
                     EXPLAINER_TORCH_THREADS="1") as url:
        yield url


def test_a_two_epoch_run_from_the_page(page, tiny_app_url, screenshot_dir):
    lang = "ko"  # the controls work alike in both languages; the other tests here run in English too
    page.set_viewport_size({"width": 1400, "height": 2400})
    # A fresh server's first session that starts on a page URL gets Streamlit's old pages/ navigation instead of
    # the app's st.navigation (seen with Streamlit 1.67): start where a user starts, on the home page.
    page.goto(f"{tiny_app_url}/?lang={lang}")
    wait_for_app(page)
    open_page(page, tiny_app_url, "train_compare", lang)
    # Two epochs: a finished run draws its curves from two recorded epochs on (one epoch is the table alone).
    for label, value in ((t("train.epochs", lang), "2"), (t("train.subset", lang), SUBSET)):
        page.get_by_label(label, exact=True).and_(page.locator("input")).first.fill(value)
    page.get_by_role("button", name=t("train.check", lang)).click()  # the form's values apply together
    wait_for_app(page)
    page.get_by_text(t("train.not_trained", lang).replace("**", "").split(".")[0][:12]).first.wait_for(
        timeout=30_000)
    page.get_by_role("button", name=t("train.start", lang)).click()

    done = t("train.done", lang, acc="", time="", device="").split("**")[0]
    # Generous: the first run of a process imports torch's compiler stack, slow on a busy shared CPU.
    page.get_by_text(done).first.wait_for(timeout=420_000)
    wait_for_app(page)
    assert_no_exception(page)
    curve = page.locator("[role='tabpanel'] .js-plotly-plot:visible").first
    curve.wait_for(timeout=30_000)
    assert curve.locator(".scatterlayer .trace").count() >= 4  # train and test, loss and accuracy
    screenshot(page, screenshot_dir / f"train_compare-trained-{lang}.png")

    # The live panel drew the result by itself (no page rerun); the compare tab lists the run from the next page
    # run on, here a reload, which keeps ?run=.
    page.reload()
    wait_for_app(page)
    page.get_by_role("tab", name=t("train.tab.compare", lang)).click()
    wait_for_app(page)
    table = page.locator("[data-testid='stTable']:visible").first
    table.wait_for(timeout=30_000)
    kind = t("train.kind.changed_short", lang, name=preset_title("fashion_mlp", lang))  # what changed: next columns
    subset = t("train.param.subset", lang, count=int(SUBSET))  # this run's row, whatever else the server stored
    row_cells = table.locator("tr", has=page.locator("td", has_text=kind)).filter(
        has=page.locator("td", has_text=subset))
    expect(row_cells).to_have_count(1, timeout=30_000)
    cells = [text.strip() for text in row_cells.first.locator("td").all_text_contents()]
    assert cells[:4] == [t("data.name.fashion_mnist", lang), t("train.model.fashion_mlp", lang), kind, "2"]
    overlay = page.locator("[role='tabpanel'] .js-plotly-plot:visible").first
    overlay.wait_for(timeout=30_000)
    assert overlay.locator(".scatterlayer .trace").count() >= 4
    screenshot(page, screenshot_dir / f"train_compare-compare-{lang}.png")
    # Every column of the runs table and of the run's history in view, in a window and on a projector (the data grid
    # scrolled them sideways and hid the accuracy columns).
    for width in (1400, 1024):
        page.set_viewport_size({"width": width, "height": 2400})
        settle_layout(page)
        assert_tables_fit(page, f"the compare tab at {width} px")
        assert_fits_the_width(page)

    started = time.monotonic()
    assert "run=" in page.url  # the address names the run, so a reload or a shared link comes back to it
    page.reload()
    wait_for_app(page)
    # The address also names the tab: the reload comes back to the compare tab, and the run is in the train tab.
    expect(page.get_by_role("tab", name=t("train.tab.compare", lang))).to_have_attribute("aria-selected", "true")
    page.get_by_role("tab", name=t("train.tab.train", lang)).click()
    page.get_by_text(done).first.wait_for(timeout=30_000)
    assert time.monotonic() - started < 30


def test_three_students_each_see_their_own_finished_run(browser, tiny_app_url):
    """Three browsers press "Start training" at once (two of them on the same settings): each page shows its
    finished run by itself, without a reload, and the address names the run that was typed into its form."""
    from explainer.training.recipes import config_hash
    from explainer.views.compare import preset_recipe

    subsets = (40, 40, 60)
    pages = []
    for index, subset in enumerate(subsets):
        lang = ("en", "ko")[index % 2]
        page = browser.new_context(viewport={"width": 1400, "height": 1400}).new_page()
        page.goto(f"{tiny_app_url}/?lang={lang}")
        wait_for_app(page)
        open_page(page, tiny_app_url, "train_compare", lang)
        for label, value in ((t("train.epochs", lang), "1"), (t("train.subset", lang), str(subset))):
            page.get_by_label(label, exact=True).and_(page.locator("input")).first.fill(value)
        pages.append((page, lang, subset))
    for page, lang, _ in pages:  # typed, not applied: "Start training" submits the form as it is on screen
        page.get_by_role("button", name=t("train.start", lang)).click()
    for page, lang, subset in pages:
        done = t("train.done", lang, acc="", time="", device="").split("**")[0]
        page.get_by_text(done).first.wait_for(timeout=120_000)
        assert_no_exception(page)
        expected = config_hash(preset_recipe("fashion_mlp", epochs=1, train_subset=subset), "cpu")
        assert f"run={expected}" in page.url
        # Gone once the panel has redrawn (its old cancel button stays in the page until the redraw ends).
        expect(page.get_by_role("button", name=t("train.cancel", lang))).to_have_count(0, timeout=30_000)
        page.context.close()


def test_a_shared_link_shows_the_run_live_without_a_cancel_button(browser, tiny_app_url, screenshot_dir):
    """A student opens another's `?run=` link while it trains: the page follows the run (progress, "watching")
    with no cancel button; the student who started it stops it, and the watcher's page says so by itself."""
    from explainer.training.recipes import config_hash
    from explainer.views.compare import preset_recipe

    owner = browser.new_context(viewport={"width": 1400, "height": 1400}).new_page()
    owner.goto(f"{tiny_app_url}/?lang=en")
    wait_for_app(owner)
    open_page(owner, tiny_app_url, "train_compare", "en")
    for label, value in ((t("train.epochs", "en"), "500"), (t("train.subset", "en"), "0")):  # long enough to watch
        owner.get_by_label(label, exact=True).and_(owner.locator("input")).first.fill(value)
    owner.get_by_role("button", name=t("train.start", "en")).click()
    stop = owner.get_by_role("button", name=t("train.cancel", "en"))
    stop.wait_for(timeout=60_000)
    # Training, not waiting behind the other tests' runs on the one CPU worker: then it has a progress bar.
    expect(owner.locator("[data-testid='stProgress']")).to_have_count(1, timeout=120_000)

    key = config_hash(preset_recipe("fashion_mlp", epochs=500), "cpu")
    watcher = browser.new_context(viewport={"width": 1400, "height": 1400}).new_page()
    watcher.goto(f"{tiny_app_url}/train_compare?lang=ko&run={key}")
    # Not "wait until the script is idle": the live panel reruns each second while the run trains.
    watcher.get_by_text(t("train.watching", "ko")).first.wait_for(timeout=90_000)
    watcher.screenshot(path=str(screenshot_dir / "train_compare-watching-ko.png"), full_page=True)
    # The run trains all along in the server that draws the page (a loaded CI machine drew the watcher's page
    # blank for over a minute): generous, as the owner's page above.
    expect(watcher.locator("[data-testid='stProgress']")).to_have_count(1, timeout=150_000)
    assert watcher.get_by_role("button", name=t("train.cancel", "ko")).count() == 0
    assert_no_exception(watcher)

    stop.click()
    watcher.get_by_text(t("train.cancelled", "ko").replace("**", "")[:20]).first.wait_for(timeout=30_000)
    assert_no_exception(watcher)
    for page in (owner, watcher):
        page.context.close()
