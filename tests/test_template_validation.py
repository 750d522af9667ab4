"""Malformed templates fail with a message that names the file, the field and the fix.

Each folder in tests/fixtures/bad-templates/ is a templates folder with one thing
wrong (control-valid is the same template with nothing wrong). A careers adviser
sees these messages, so the tests check the wording of the fix, not just the failure.
"""

from __future__ import annotations

import pathlib
import shutil

import pytest

from macros import templates as T
from support import build_site, copy_project

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "bad-templates"

# folder: (file named, field named, key phrases of the message and its fix)
CASES = {
    "unknown-key": ("unknown-key.yml", "tag", ["is not a template key", "did you mean 'tags'?"]),
    "unknown-field-key": ("unknown-field-key.yml", "fields.role.exmaple", ["is not a field key", "did you mean 'example'?"]),
    "missing-required-key": ("missing-required-key.yml", "timing", ["is missing", "add when to send it"]),
    "placeholder-without-field": ("placeholder-without-field.yml", "body",
                                  ["uses [company]", "no field named 'company'", "add it to fields or fix the spelling"]),
    "field-never-used": ("field-never-used.yml", "fields.relevant_experience",
                         ["is never used", "put [relevant_experience] in the body", "or remove the field"]),
    "duplicate-ids": ("thank-you-note.yml", "id",
                      ["'thank-you-note' is already used by thank-you-note.yaml", "delete one of the two files"]),
    "bad-yaml": ("bad-yaml.yml", "line 4", ["not valid YAML", "quote any text that contains a colon"]),
    "title-too-long": ("title-too-long.yml", "title", ["is 70 characters long", "shorten it to 65 or fewer"]),
    "email-body-too-long": ("email-body-too-long.yml", "body", ["has 7 lines", "6 lines or fewer", "cut or merge paragraphs"]),
    "bad-stage": ("bad-stage.yml", "stage",
                  ["'after-interview' is not allowed", "use one of: straight-after, waiting, heard-nothing, after-rejection, offer, special"]),
    "choice-without-options": ("choice-without-options.yml", "fields.call_type.options",
                               ["a choice needs a list of at least two options"]),
    "date-not-a-date": ("date-not-a-date.yml", "fields.interview_date.example",
                        ["'18 November 2026' is not a date", "write it as YYYY-MM-DD"]),
    "stray-brackets": ("stray-brackets.yml", "body",
                       ["'[Your name]', which is not a placeholder", "write fields as [field_name] in lower case"]),
    "unknown-term": ("unknown-term.yml", "body", ["uses {resume}, which is not a known word", "did you mean {cv}?"]),
    "stray-braces": ("stray-braces.yml", "body", ["'{Your email}', which is not a UK/US word", "remove the braces"]),
    "braces-in-guidance": ("braces-in-guidance.yml", "title",
                           ["contains braces", "not in titles, labels or hints", "write the word out"]),
    "optional-field-outside-optional-part": ("optional-field-outside-optional-part.yml", "fields.relevant_experience",
                                             ["is optional", "would leave a gap", "set 'required: true'", "wrap the sentence in [[ ]]"]),
    "optional-part-without-field": ("optional-part-without-field.yml", "body",
                                    ["'[[ It was a pleasure.]]' with no field in it", "put a [field] inside it"]),
    "id-not-file-name": ("thank-you.yml", "id",
                         ["'thank-you-note' does not match the file name 'thank-you'", "rename the file to 'thank-you-note.yml' or change the id"]),
}


def problems_in(folder: pathlib.Path) -> list[T.Problem]:
    with pytest.raises(T.TemplateError) as caught:
        T.load_templates(folder, folder)
    return caught.value.problems


def test_every_fixture_folder_is_covered():
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert folders == set(CASES) | {"control-valid", "two-bad-files"}
    assert len(CASES) >= 12


def test_control_fixture_is_valid_so_each_bad_one_fails_for_its_own_reason():
    [template] = T.load_templates(FIXTURES / "control-valid", FIXTURES / "control-valid")
    assert template.id == "control-valid"


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_template_names_file_field_and_fix(case):
    file, field, phrases = CASES[case]
    problems = problems_in(FIXTURES / case)
    matching = [p for p in problems if p.file == file and p.field == field]
    assert matching, f"no problem for {file} / {field}; got:\n" + "\n".join(map(str, problems))
    message = matching[0].message
    for phrase in phrases:
        assert phrase in message, f"{phrase!r} not in {message!r}"
    # The full error text that the build prints carries all three.
    assert f"{file}: {field}: " in str(T.TemplateError(problems))


@pytest.mark.parametrize("case", sorted(set(CASES) - {"unknown-field-key"}))
def test_each_fixture_has_exactly_the_one_problem_it_was_made_for(case):
    problems = problems_in(FIXTURES / case)
    assert len(problems) == 1, "\n".join(map(str, problems))


def test_all_problems_in_all_files_are_reported_together():
    problems = problems_in(FIXTURES / "two-bad-files")
    assert {(p.file, p.field) for p in problems} == {("first-bad.yml", "stage"), ("second-bad.yml", "description")}
    text = str(T.TemplateError(problems))
    assert text.startswith("2 problems in the message templates:")
    assert "first-bad.yml: stage: 'soon' is not allowed" in text
    assert "second-bad.yml: description: is missing; add one sentence" in text


def test_problems_from_several_folders_of_fixtures_are_not_cut_short(tmp_path):
    """Copy every bad fixture into one folder: every single problem is still listed."""
    expected = set()
    for case, (file, field, _) in CASES.items():
        if case == "duplicate-ids":
            continue
        for f in (FIXTURES / case).iterdir():
            shutil.copy(f, tmp_path / f.name)
        expected.add((file, field))
    problems = problems_in(tmp_path)
    assert expected <= {(p.file, p.field) for p in problems}


def test_unknown_term_suggests_the_glossary_key_for_a_us_spelling():
    assert T._closest_term("resume") == "cv"
    assert T._closest_term("Resume") == "Cv"
    assert T._closest_term("organization") == "organisation"
    assert T._closest_term("xyz") is None


def test_optional_field_inside_an_optional_part_is_fine(tmp_path):
    source = (FIXTURES / "optional-field-outside-optional-part" / "optional-field-outside-optional-part.yml").read_text()
    fixed = source.replace(" My experience of [relevant_experience] fits it.", "[[ My experience of [relevant_experience] fits it.]]")
    assert fixed != source
    (tmp_path / "optional-field-outside-optional-part.yml").write_text(fixed)
    [template] = T.load_templates(tmp_path, tmp_path)
    assert template.field_map["relevant_experience"].required is False


def test_a_site_with_one_bad_template_fails_mkdocs_build(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.copy(FIXTURES / "bad-stage" / "bad-stage.yml", project / "templates" / "bad-stage.yml")
    proc = build_site(project / "mkdocs.yml", tmp_path / "out", check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert "templates/bad-stage.yml: stage: 'after-interview' is not allowed" in output, output
    assert "use one of: straight-after" in output


# ---------------------------------------------------------------------------
# templates/schema.json: the same rules for staff editing in VS Code


TEMPLATES = pathlib.Path(__file__).resolve().parents[1] / "templates"
# Rules that need more than one file's shape: the schema cannot say them, the validator does.
VALIDATOR_ONLY = {
    "duplicate-ids": "two files: the schema sees one file at a time",
    "id-not-file-name": "the file name is not in the file",
    "email-body-too-long": "counting the body's lines",
    "field-never-used": "cross-field: the fields against the text",
    "placeholder-without-field": "cross-field: the text against the fields",
    "optional-field-outside-optional-part": "cross-field: a field's 'required' against where the text uses it",
    "optional-part-without-field": "the body's own [[ ]] syntax",
    "stray-brackets": "the body's own [field] syntax",
    "stray-braces": "the body's own {word} syntax",
    "unknown-term": "the UK/US glossary (macros/locale.py)",
}


def _schema_errors(path: pathlib.Path) -> list[str]:
    import json

    import jsonschema
    import yaml

    validator = jsonschema.Draft7Validator(json.loads((TEMPLATES / T.SCHEMA_FILE).read_text(encoding="utf-8")))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:  # an editor flags a file that is not YAML before any schema
        return [f"not YAML: {exc}"]
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def test_the_schema_file_is_made_from_the_validators_tables():
    """One place: templates/schema.json is json_schema() (macros/templates.py), written out."""
    assert (TEMPLATES / T.SCHEMA_FILE).read_text(encoding="utf-8") == T.schema_text(), \
        "templates/schema.json is out of date; run: python -m macros.templates > templates/schema.json"


def test_every_template_names_the_schema_and_validates_against_it():
    import jsonschema

    jsonschema.Draft7Validator.check_schema(T.json_schema())
    files = T.template_files(TEMPLATES)
    assert len(files) >= 20
    for path in files:
        assert path.read_text(encoding="utf-8").splitlines()[0] == T.SCHEMA_LINE, f"{path.name}: first line"
        assert _schema_errors(path) == [], path.name


def test_the_schema_file_is_not_read_as_a_template():
    assert [t.id for t in T.load_templates(TEMPLATES)] and (TEMPLATES / T.SCHEMA_FILE).is_file()


def test_the_schema_and_the_validator_reject_the_same_bad_files():
    folders = sorted(p for p in FIXTURES.iterdir() if p.is_dir())
    assert VALIDATOR_ONLY.keys() <= {p.name for p in folders}
    by_schema, by_validator = set(), set()
    for folder in folders:
        if any(_schema_errors(path) for path in T.template_files(folder)):
            by_schema.add(folder.name)
        try:
            T.load_templates(folder, folder)
        except T.TemplateError:
            by_validator.add(folder.name)
    every_bad = {p.name for p in folders} - {"control-valid"}
    assert by_validator == every_bad
    assert by_schema == every_bad - VALIDATOR_ONLY.keys(), "the schema rejects every bad file it can describe, and no good one"
