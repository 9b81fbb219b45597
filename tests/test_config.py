"""Settings: defaults, validation, names, the TOML file and the CLI options that set them."""

from __future__ import annotations

import dataclasses
import math

import pytest
from lxml import etree
from typer.testing import CliRunner

from aligner.cli import app
from aligner.config import (
    GROUPS,
    AlignConfig,
    ConfidenceConfig,
    LocateConfig,
    ScoringConfig,
    SearchConfig,
    load_config,
    parse_settings,
    resolve_setting,
)
from aligner.errors import InputError
from aligner.formats.tei_read import read_tei

from .conftest import DATA

runner = CliRunner()


def test_bead_types_in_tie_break_order():
    assert AlignConfig().bead_types() == ((1, 1), (1, 2), (2, 1), (1, 3), (2, 2), (3, 1), (1, 4), (2, 3), (3, 2),
                                          (4, 1))
    assert AlignConfig(max_bead_total=2).bead_types() == ((1, 1),)
    assert AlignConfig(max_bead_side=2, max_bead_total=5).bead_types() == ((1, 1), (1, 2), (2, 1), (2, 2))


@pytest.mark.parametrize(("build", "message"), [
    (lambda: AlignConfig(max_bead_side=0), "max_bead_side must be at least 1"),
    (lambda: AlignConfig(max_bead_total=1), "max_bead_total must be at least 2"),
    (lambda: ScoringConfig(skip_score=0.1), "scoring.skip_score must be <= 0"),
    (lambda: ScoringConfig(skip_floor=1.5), "scoring.skip_floor must be between 0 and 1"),
    (lambda: ScoringConfig(null_sample=1), "scoring.null_sample must be at least 2"),
    (lambda: ScoringConfig(min_scale=0), "scoring.min_scale must be > 0"),
    (lambda: SearchConfig(band_radius=0), "search.band_radius must be at least 1"),
    (lambda: ConfidenceConfig(credible_width=0), "confidence.credible_width must be > 0"),
    (lambda: ConfidenceConfig(min_link=1.5), "confidence.min_link must be between 0 and 1"),
    (lambda: ScoringConfig(adapt_weight=2), "scoring.adapt_weight must be between 0 and 1"),
    (lambda: ScoringConfig(title_skip=-1), "scoring.title_skip must be between 0 and 1"),
    (lambda: ConfidenceConfig(posterior_temperature=-1), "confidence.posterior_temperature must be >= 0"),
    (lambda: LocateConfig(ratio=0.5), "locate.ratio must be at least 1"),
    (lambda: LocateConfig(min_matched_share=2), "locate.min_matched_share must be between 0 and 1"),
])
def test_invalid_values_are_refused_by_name(build, message):
    with pytest.raises(InputError, match=message):
        build()


def test_header_record_lists_every_setting_and_reads_back():
    config = AlignConfig(model="m").with_settings({"scoring.skip_score": -0.3, "band_radius": 7,
                                                   "locate.ratio": 4, "length_penalty": "false"})
    record = config.as_dict()
    assert record["scoring.skip_score"] == "-0.3" and record["search.band_radius"] == "7"
    assert record["locate.ratio"] == "4.0" and record["scoring.length_penalty"] == "False"
    assert list(record)[-1] == "model"
    assert len(record) == 3 + sum(len(dataclasses.fields(group)) for group in GROUPS.values())  # every field
    assert AlignConfig(model="m").with_settings({k: v for k, v in record.items() if k != "model"}) == config


def test_names_dotted_bare_or_renamed():
    assert resolve_setting("scoring.merge_bonus") == ("scoring", "merge_bonus")
    assert resolve_setting("merge_bonus") == ("scoring", "merge_bonus")
    assert resolve_setting("locate_ratio") == ("locate", "ratio")  # an older name, in older TEI headers
    assert resolve_setting("max_bead_total") == ("", "max_bead_total")
    with pytest.raises(InputError, match="unknown setting 'merge_bonuses'; the settings are max_bead_side"):
        resolve_setting("merge_bonuses")
    with pytest.raises(InputError, match="unknown setting 'search.skip_score'"):
        resolve_setting("search.skip_score")


@pytest.mark.parametrize(("settings", "message"), [
    ({"skip_score": "cheap"}, "scoring.skip_score must be a number, got 'cheap'"),
    ({"band_radius": 2.5}, "search.band_radius must be a whole number, got 2.5"),
    ({"band_radius": True}, "search.band_radius must be a whole number"),
    ({"length_penalty": "maybe"}, "scoring.length_penalty must be true or false"),
    ({"skip_score": 0.5}, "scoring.skip_score must be <= 0"),
])
def test_bad_settings(settings, message):
    with pytest.raises(InputError, match=message):
        AlignConfig().with_settings(settings)


def test_infinity_and_strings_convert():
    config = AlignConfig().with_settings({"skip_partner_z": "inf", "min_bead_z": "-inf", "band_radius": "3"})
    assert math.isinf(config.scoring.skip_partner_z) and config.scoring.min_bead_z == -math.inf
    assert config.search.band_radius == 3
    assert parse_settings(["a=1", " b = x "]) == {"a": "1", "b": "x"}
    with pytest.raises(InputError, match="expected FIELD=VALUE"):
        parse_settings(["novalue="])


def test_toml_file(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('max_bead_total = 3\nmodel = "usem3"\n[scoring]\nmerge_bonus = 0\nskip_partner_z = inf\n'
                    '[locate]\nratio = 5\n', encoding="utf-8")
    config = load_config(path)
    assert config.max_bead_total == 3 and config.scoring.merge_bonus == 0.0
    assert math.isinf(config.scoring.skip_partner_z) and config.locate.ratio == 5.0
    assert config.scoring.skip_score == ScoringConfig().skip_score  # the rest: defaults


@pytest.mark.parametrize(("content", "message"), [
    ("[scoring]\nskip_scor = -0.1\n", "settings.toml: unknown setting 'scoring.skip_scor'"),
    ("[scorer]\nskip_score = -0.1\n", "settings.toml: unknown settings group \\[scorer\\]"),
    ("[scoring]\nskip_score = 'low'\n", "scoring.skip_score must be a number, got 'low'"),
    ("[search]\nband_radius = 1.5\n", "search.band_radius must be a whole number"),
    ("max_bead_total = \n", "settings.toml: not valid TOML"),
])
def test_bad_toml_files(tmp_path, content, message):
    path = tmp_path / "settings.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_config(path)
    with pytest.raises(InputError, match="missing.toml: no such file"):
        load_config(tmp_path / "missing.toml")


def test_cli_options_reach_the_alignment_and_its_header(tmp_path, fake_model):
    settings = tmp_path / "settings.toml"
    settings.write_text("[scoring]\nmerge_bonus = 0.0\nskip_score = -0.3\n[search]\nband_radius = 6\n",
                        encoding="utf-8")
    out = tmp_path / "pair.tei.xml"
    result = runner.invoke(app, ["align", str(DATA / "small.de.txt"), str(DATA / "small.en.txt"), "-o", str(out),
                                 "--max-bead", "3", "--config", str(settings), "--set", "skip_score=-0.25", "-q"])
    assert result.exit_code == 0, result.output
    config = read_tei(out).config
    assert config.max_bead_total == 3 and config.scoring.merge_bonus == 0.0
    assert config.scoring.skip_score == -0.25  # --set wins over the file
    assert config.search.band_radius == 6
    assert all(len(bead.src) + len(bead.tgt) <= 3 for bead in read_tei(out).beads)
    desc = etree.parse(str(out)).find(".//{http://www.tei-c.org/ns/1.0}application/{http://www.tei-c.org/ns/1.0}desc")
    assert "max_bead_total=3;" in desc.text and "scoring.skip_score=-0.25;" in desc.text


@pytest.mark.parametrize(("args", "message"), [
    (["--max-bead", "1"], "max_bead_total must be at least 2"),
    (["--set", "skip_score=high"], "scoring.skip_score must be a number"),
    (["--config", "nowhere.toml"], "nowhere.toml: no such file"),
])
def test_bad_settings_on_the_command_line(tmp_path, fake_model, args, message):
    out = tmp_path / "pair.tei.xml"
    result = runner.invoke(app, ["align", str(DATA / "small.de.txt"), str(DATA / "small.en.txt"), "-o", str(out),
                                 *args])
    assert result.exit_code == 1 and message in result.output
    assert not out.exists()
