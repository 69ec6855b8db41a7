# The annual publications of 小規模企業共済: raw CSVs in data/ → checked tables, charts and PDFs in reports/.
#   snakemake --cores 4                                 every document that has data
#   snakemake --cores 4 reports/2024/unyo-jokyo.pdf     one document
# Every document, and the comparison of each with its previous report, takes the same path (rules/):
#   document  (rules/documents.smk)  data checked → model → tables, charts, QA log, text, HTML, staged in build/
#   compare   (rules/compare.smk)    this year's tables against the previous report's → diff, staged in build/
#   pdf       (rules/documents.smk)  the HTML laid out once → the publication's PDF and the internal review edition's
#                                    (the same pages marked, + change summary + QA log), staged in build/
#   (planning)  (rules/common.smk)   the data of every document checked once, before any job starts
#   publish_document                 all the staged files of both editions put in reports/ together, or none of them
#   publish_comparison               likewise, after its document (kyosai.publish: staged inside reports/, renamed)
# A document that fails keeps its previous files under reports/ byte for byte; the others are still published
# (keep-going, profiles/default); the closing summary says which were published and which kept, and why.
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.utils import min_version

min_version("9.0")

sys.path.insert(0, str(Path(workflow.basedir) / "scripts"))
from kyosai import config as config_check  # noqa: E402
from kyosai import failures  # noqa: E402

if workflow.is_main_process:  # the console says each problem once, in the closing summary (kyosai.failures)
    from snakemake.logging import logger as snakemake_logger

    failures.quiet_console(snakemake_logger)

# The configuration, checked once (kyosai.config.settle): config.yaml and any --configfile with their lines (a typo
# named with the keys allowed), what --config changes, and every default from schemas/config.schema.yaml.
try:
    config_check.settle(config, ["config.yaml", *map(str, workflow.overwrite_configfiles or [])], config_check.load_schema())
except config_check.ConfigError as exc:
    raise WorkflowError(str(exc))


configfile: "config.yaml"  # read again by Snakemake, already checked: it records the file (the review bundle lists it)


report: "report/workflow.rst"


include: "rules/common.smk"
include: "rules/documents.smk"
include: "rules/compare.smk"


localrules:
    all,
    publish_document,
    publish_comparison,


onerror:
    # What failed, said once at the end: each failed job's rule, wildcards and the first lines of its log, where the
    # job wrote its problem (the job itself prints nothing of it), then what was published and what kept (kyosai.failures).
    found = failures.from_scheduler(workflow)
    if found is None:  # a Snakemake without the scheduler's record: read its own log
        found = [f for p in ([log] if isinstance(log, str) else log or []) if Path(p).is_file()
                 for f in failures.from_snakemake_log(Path(p).read_text(encoding="utf-8", errors="replace"))]
    if found:
        print(f"\n{failures.summary(found)}", file=sys.stderr)
    done = failures.publishing(workflow)
    if done and (done.published or done.kept):
        print(failures.published_summary(done), file=sys.stderr)


onsuccess:
    done = failures.publishing(workflow)
    if done and done.published:
        print(f"\n{failures.published_summary(done)}", file=sys.stderr)


rule all:
    message:
        "{rule}: every document that has data, its review edition and its comparison with the previous report"
    input:
        [f"reports/{fy}/{SLUGS[key]}{edition}.pdf" for key in DOCUMENTS for fy in YEARS[key] for edition in ("", "-review")],
        [f"reports/{fy}/{SLUGS[key]}-diff.pdf" for key in DOCUMENTS for fy in YEARS[key] if previous(key, fy)],
