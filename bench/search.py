"""Search and home-page benchmark on 100,000 synthetic bilingual stories, on SQLite and PostgreSQL.

    .venv/bin/python bench/search.py                    # both backends, 100,000 stories
    .venv/bin/python bench/search.py --backend sqlite --stories 20000

Everything happens in scratch databases: a temporary SQLite file and a PostgreSQL database
``gz_search_bench`` (created and dropped; set BENCH_PG_URL to use another server). The real
database is never touched. For each backend the script:

1. migrates, loads 100 stories and times the home page's data (what ``ArticleIndexView`` reads:
   the sections, 21 published stories through the listing index, their lead images) and the home
   view itself;
2. loads the rest with raw inserts, times the same again, and records ``EXPLAIN`` for the listing;
3. builds the search index through ``rebuild_index`` (as ``manage.py rebuild_search_index`` does);
4. times 20 typical queries (count + first page, as the search page runs them), 7 runs each after
   a warm-up, and prints p50 / p95.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/gz_search_bench"
QUERIES = [
    "nvidia",
    "chips",
    "supply chain",
    "manufacturing",
    "data centers power",
    "TSMC Arizona packaging",
    "open source model release",
    "NVIDIA 供应链",
    "export controls",
    "inference benchmark results",
    "芯片",
    "美国",
    "供应链",
    "基础设施",
    "数据中心",
    "英伟达",
    "开源模型",
    "先进封装产能",
    "AI 芯片",
    "华为 昇腾团队",
]
RUNS = 7

# (English, Chinese) vocabulary. Each story has a cast drawn with rank weights 1/rank^0.9 (a Zipf curve),
# so the most common company appears in about a third of the stories, as NVIDIA might on an AI
# news site, and the tail entries in well under 1%.
COMPANIES = [
    ("NVIDIA", "英伟达"), ("TSMC", "台积电"), ("Google", "谷歌"), ("Microsoft", "微软"), ("OpenAI", "OpenAI"),
    ("AMD", "AMD"), ("Huawei", "华为"), ("Intel", "英特尔"), ("Alibaba", "阿里巴巴"), ("Meta", "Meta"),
    ("Samsung", "三星"), ("Baidu", "百度"), ("Tencent", "腾讯"), ("Anthropic", "Anthropic"),
    ("DeepMind", "DeepMind"), ("ByteDance", "字节跳动"), ("SMIC", "中芯国际"), ("Amazon", "亚马逊"),
    ("Apple", "苹果"), ("Xiaomi", "小米"), ("Mistral", "Mistral"), ("Cerebras", "Cerebras"),
    ("SK Hynix", "SK海力士"), ("Micron", "美光"), ("ASML", "阿斯麦"), ("Qualcomm", "高通"),
    ("Arm", "Arm"), ("Broadcom", "博通"), ("Moonshot AI", "月之暗面"), ("Zhipu AI", "智谱"),
    ("DeepSeek", "深度求索"), ("Lenovo", "联想"), ("Foxconn", "富士康"), ("Supermicro", "超微"),
    ("Dell", "戴尔"), ("Oracle", "甲骨文"), ("CoreWeave", "CoreWeave"), ("Groq", "Groq"),
    ("Hugging Face", "Hugging Face"), ("Ascend team", "昇腾团队"),
]  # fmt: skip
TOPICS = [
    ("chips", "芯片"), ("data centers", "数据中心"), ("supply chain", "供应链"),
    ("infrastructure", "基础设施"), ("open models", "开源模型"), ("energy", "能源"), ("inference", "推理"),
    ("robotics", "机器人"), ("policy", "政策"), ("training", "训练"), ("manufacturing", "制造"),
    ("memory", "内存"), ("export controls", "出口管制"), ("cloud computing", "云计算"), ("packaging", "封装"),
    ("autonomous driving", "自动驾驶"), ("semiconductors", "半导体"), ("the power grid", "电网"),
    ("liquid cooling", "液冷"), ("benchmarks", "基准测试"), ("foundation models", "基础模型"),
    ("advanced packaging capacity", "先进封装产能"), ("safety research", "安全研究"), ("agents", "智能体"),
    ("speech recognition", "语音识别"), ("drug discovery", "药物发现"), ("weather forecasting", "天气预报"),
    ("copyright", "版权"), ("education", "教育"), ("healthcare", "医疗"), ("smartphones", "智能手机"),
    ("networking", "网络"), ("optical interconnects", "光互连"), ("quantization", "量化"),
]  # fmt: skip
PLACES = [
    ("the United States", "美国"), ("China", "中国"), ("Taiwan", "台湾地区"), ("Europe", "欧洲"),
    ("Arizona", "亚利桑那州"), ("Japan", "日本"), ("South Korea", "韩国"), ("Texas", "得克萨斯州"),
    ("India", "印度"), ("Singapore", "新加坡"), ("Shenzhen", "深圳"), ("Shanghai", "上海"),
    ("Beijing", "北京"),
    ("Malaysia", "马来西亚"), ("the Netherlands", "荷兰"), ("Ireland", "爱尔兰"), ("Virginia", "弗吉尼亚州"),
    ("Hangzhou", "杭州"), ("Saudi Arabia", "沙特阿拉伯"), ("Vietnam", "越南"),
]  # fmt: skip
PRODUCTS = [
    ("accelerators", "加速器"), ("servers", "服务器"), ("models", "模型"), ("GPUs", "图形处理器"),
    ("racks", "机柜"), ("wafers", "晶圆"), ("reasoning models", "推理模型"), ("robots", "机器人"),
    ("switches", "交换机"), ("benchmark results", "基准测试结果"), ("memory stacks", "存储堆栈"),
    ("chatbots", "聊天机器人"), ("coding assistants", "编程助手"), ("sensors", "传感器"),
    ("power plants", "发电厂"), ("cooling systems", "冷却系统"),
]  # fmt: skip
VERBS = [
    ("will build", "将建设"), ("plans to ship", "计划交付"), ("released", "发布了"),
    ("is testing", "正在测试"), ("will manufacture", "将制造"), ("unveiled", "推出了"),
    ("is expanding", "正在扩大"), ("cut prices of", "下调了"), ("delayed", "推迟了"),
    ("is buying", "正在采购"),
]  # fmt: skip
SENTENCES = [
    ("{c} {v} new {p} for {t} in {pl}.", "{c}{v}面向{t}的新{p}，地点在{pl}。"),
    (
        "Analysts say demand for {t} keeps rising as {c} and {c2} compete.",
        "分析人士说，随着{c}和{c2}竞争，{t}需求持续上升。",
    ),
    (
        "The {p} are expected to reach customers in {pl} within {n} months.",
        "这些{p}预计在{n}个月内交付给{pl}的客户。",
    ),
    ("{c} said {t} remains the main bottleneck for its {p}.", "{c}表示，{t}仍是其{p}的主要瓶颈。"),
    ("Officials in {pl} are reviewing rules on {t} and {t2}.", "{pl}官员正在审查有关{t}和{t2}的规定。"),
    ("Early tests show the {p} using {n} per cent less power.", "早期测试显示，这些{p}的功耗降低了{n}%。"),
    (
        "Suppliers working on {t2} warned that capacity will stay tight.",
        "从事{t2}的供应商警告说，产能仍将紧张。",
    ),
    ("The move puts {c2} under pressure in {t}.", "此举让{c2}在{t}领域承受压力。"),
    ("Researchers measured the results over {n} weeks of use.", "研究人员在{n}周的使用中测量了结果。"),
    (
        "Customers asked for more detail on prices and delivery dates.",
        "客户希望了解更多价格和交付日期的细节。",
    ),
]
TAGS = TOPICS[:24] + COMPANIES[:16]


def rank_weights(items):
    return [1 / (rank + 1) ** 0.9 for rank in range(len(items))]


class StoryGenerator:
    """Reproducible synthetic stories: the same --seed gives the same corpus."""

    LISTS = {
        "c": COMPANIES,
        "c2": COMPANIES,
        "t": TOPICS,
        "t2": TOPICS,
        "pl": PLACES,
        "p": PRODUCTS,
        "v": VERBS,
    }

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.weights = {key: rank_weights(items) for key, items in self.LISTS.items()}

    def cast(self) -> dict:
        """The entities one story is about."""
        return {key: self.rng.choices(items, self.weights[key])[0] for key, items in self.LISTS.items()}

    def sentence(self, cast: dict) -> tuple[str, str]:
        """A sentence in both languages about the cast; now and then an entity from elsewhere."""
        r = self.rng
        values = {k: (r.choice(self.LISTS[k]) if r.random() < 0.05 else v) for k, v in cast.items()}
        values["n"] = (str(r.randint(2, 40)),) * 2
        template = r.choice(SENTENCES)
        return tuple(template[lang].format(**{k: v[lang] for k, v in values.items()}) for lang in (0, 1))

    def story(self) -> dict:
        r = self.rng
        cast = self.cast()
        paragraphs = []
        for _ in range(r.randint(5, 8)):
            sentences = [self.sentence(cast) for _ in range(r.randint(2, 4))]
            paragraphs.append(tuple(" ".join(s[lang] for s in sentences) for lang in (0, 1)))
        c, v, p, t, pl = (cast[k] for k in ("c", "v", "p", "t", "pl"))
        return {
            "title_en": f"{c[0]} {v[0]} {p[0]} for {t[0]} in {pl[0]}",
            "title_zh_hans": f"{c[1]}在{pl[1]}{v[1]}{t[1]}{p[1]}",
            "dek": self.sentence(cast),
            "why": self.sentence(cast),
            "paragraphs": paragraphs,
            "caption": (f"{p[0]} at a site in {pl[0]}", f"{pl[1]}的{p[1]}"),
        }


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


# --- worker (one backend, Django set up against a scratch database) ------------------------------


def worker(backend: str, stories: int, seed: int, reuse: bool = False) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    from articles.models import Article
    from articles.search.index import rebuild_index

    call_command("migrate", verbosity=0)
    print(f"[{backend}] migrated {connection.settings_dict['NAME']}", flush=True)
    result = {"backend": backend, "stories": stories}
    if reuse and Article.objects.count() == stories:
        print(f"[{backend}] reusing the {stories} stories already loaded and indexed", flush=True)
    else:
        loader = Loader(seed, stories)
        loader.load(0, min(100, stories))
        result["home_small"] = time_home_in_new_process()
        print(f"[{backend}] home at 100 stories: {fmt(result['home_small'])}", flush=True)
        started = time.perf_counter()
        loader.load(100, stories, progress=True)
        result["load_seconds"] = round(time.perf_counter() - started, 1)
        analyze(connection)
        started = time.perf_counter()
        with tqdm(total=stories, unit="story", desc=f"[{backend}] indexing", file=sys.stderr) as bar:
            rebuild_index(batch_size=1000, progress=bar.update)
        result["index_seconds"] = round(time.perf_counter() - started, 1)
        analyze(connection)
    result["home_large"] = time_home_in_new_process()
    print(f"[{backend}] home at {stories} stories: {fmt(result['home_large'])}", flush=True)
    result["explain"] = explain_listing(connection)
    result["search"] = time_search(backend)
    result["db_bytes"] = database_bytes(connection)
    return result


class Loader:
    """Raw, batched inserts of stories, their tags and one image row each (no files)."""

    span_hours = 5 * 365 * 24

    def __init__(self, seed, total: int):
        from django.utils import timezone

        from articles.models import Section, Tag

        self.gen = StoryGenerator(seed)
        self.total = total
        self.now = timezone.now()
        sections = [
            Section(slug=f"section-{i}", name_en=f"Section {i}", name_zh_hans=f"栏目{i}", position=i)
            for i in range(6)
        ]
        self.sections = [s.pk for s in Section.objects.bulk_create(sections)]
        tags = [Tag(slug=f"tag-{i}", name=en, name_en=en, name_zh_hans=zh) for i, (en, zh) in enumerate(TAGS)]
        self.tags = [t.pk for t in Tag.objects.bulk_create(tags)]

    def load(self, start: int, stop: int, progress: bool = False, batch: int = 2000):
        from tqdm import tqdm

        with tqdm(
            total=stop - start, unit="story", desc="loading", disable=not progress, file=sys.stderr
        ) as bar:
            for first in range(start, stop, batch):
                self._insert(range(first, min(stop, first + batch)))
                bar.update(min(stop, first + batch) - first)

    def _insert(self, numbers):
        from django.db import connection, transaction
        from django.utils.html import escape

        from articles.models import Article, ArticleImage, TaggedArticle

        rng = self.gen.rng
        articles, images, tagged = [], [], []
        for n in numbers:
            s = self.gen.story()
            pk = n + 1
            # Stories are published in id order over five years, a few hours apart, with jitter;
            # a few are drafts, in review, archived or scheduled, as in a working newsroom.
            status = rng.choices(["published", "draft", "review", "archived"], weights=[94, 3, 1, 2])[0]
            age = (1 - pk / self.total) * self.span_hours + rng.uniform(0, 3)
            created = when = self.now - timedelta(hours=age)
            if status == "published" and rng.random() < 0.003:
                when = self.now + timedelta(hours=rng.uniform(1, 200))  # scheduled
            elif status in ("draft", "review"):
                when = None
            html = ["\n".join(f"<p>{escape(p[lang])}</p>" for p in s["paragraphs"]) for lang in (0, 1)]
            md = ["\n\n".join(p[lang] for p in s["paragraphs"]) for lang in (0, 1)]
            articles.append(
                {
                    "id": pk, "slug": f"story-{pk}", "section_id": self.sections[pk % len(self.sections)],
                    "status": status, "published_at": when, "created_at": created, "updated_at": created,
                    "title": s["title_en"], "title_en": s["title_en"], "title_zh_hans": s["title_zh_hans"],
                    "dek": s["dek"][0], "dek_en": s["dek"][0], "dek_zh_hans": s["dek"][1],
                    "body": md[0], "body_en": md[0], "body_zh_hans": md[1],
                    "body_html": html[0], "body_html_en": html[0], "body_html_zh_hans": html[1],
                    "why_it_matters": s["why"][0], "why_it_matters_en": s["why"][0],
                    "why_it_matters_zh_hans": s["why"][1], "source_name": "Bench", "source_url": "",
                    "version": 1, "translation_sources": {},
                }
            )  # fmt: skip
            images.append(
                {
                    "id": pk, "article_id": pk, "image": "bench/placeholder.jpg", "width": 1600,
                    "height": 900, "position": 1, "caption": s["caption"][0], "caption_en": s["caption"][0],
                    "caption_zh_hans": s["caption"][1], "alt_text": "Placeholder",
                    "alt_text_en": "Placeholder",
                    "alt_text_zh_hans": "占位图", "credit": "bench", "credit_url": "", "renditions": {},
                    "translation_sources": {},
                }
            )  # fmt: skip
            for j, tag in enumerate(rng.sample(self.tags, 3)):
                tagged.append({"id": pk * 3 + j, "tag_id": tag, "content_object_id": pk})
        with transaction.atomic():
            raw_insert(connection, Article, articles)
            raw_insert(connection, ArticleImage, images)
            raw_insert(connection, TaggedArticle, tagged)


def raw_insert(connection, model, rows):
    """INSERT rows (dicts by column) with executemany; values are adapted like the ORM would."""
    fields = [f for f in model._meta.concrete_fields if f.column in rows[0] or f.has_default()]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    values = [
        [
            f.get_db_prep_save(row[f.column] if f.column in row else f.get_default(), connection)
            for f in fields
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})", values)
    if connection.vendor == "postgresql":
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
                cursor.execute(sql)


def analyze(connection):
    """Refresh planner statistics, as autovacuum would on a live PostgreSQL server."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def timed(func, runs, cpu=None):
    """Return wall-clock milliseconds per run; append this process's CPU milliseconds to ``cpu``."""
    samples = []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        func()
        samples.append((time.perf_counter() - started) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - started_cpu) * 1000)
    return samples


def time_home() -> dict:
    """Time the home page's listing data (as ArticleIndexView reads it) and the home view itself."""
    from django.test import Client

    from articles.models import Article, Section
    from articles.reader.pagination import story_page
    from articles.reader.views import CARD_FIELDS, attach_card_data

    def listing():
        sections = list(Section.objects.all())
        page = story_page(Article.objects.published().only(*CARD_FIELDS), None, per_page=20)
        attach_card_data(page.object_list, sections)

    client = Client()

    def view():
        assert client.get("/en/").status_code == 200

    timed(listing, 5)  # warm-up
    timed(view, 5)
    data, page = timed(listing, 50), timed(view, 50)
    return {"listing_p50_ms": statistics.median(data), "view_p50_ms": statistics.median(page)}


def time_home_in_new_process() -> dict:
    """Run time_home in a new process, as a fresh app server would.

    The loading process holds a large heap afterwards, and Python's garbage collector then slows
    every request down; timed in place, the home page looked 1.6x slower at 3,000 stories than
    at 100 when a fresh process showed no difference at all.
    """
    out = tempfile.NamedTemporaryFile(prefix="gz-bench-home-", suffix=".json", delete=False).name
    try:
        subprocess.run([sys.executable, __file__, "--time-home", "--out", out], check=True, cwd=ROOT)
        return json.loads(Path(out).read_text())
    finally:
        Path(out).unlink(missing_ok=True)


def explain_listing(connection) -> dict:
    """EXPLAIN the home page's first page, a deep page and its lead-image query."""
    from articles.models import Article, ArticleImage
    from articles.reader.views import CARD_FIELDS, PICTURE_FIELDS

    qs = Article.objects.published().only(*CARD_FIELDS)
    ids = list(qs.values_list("pk", flat=True)[:20])
    images = ArticleImage.objects.filter(article__in=ids).only(*PICTURE_FIELDS)
    plans = {
        "page 1": qs[:21].explain(),
        "page 50": qs[980:1001].explain(),
        "lead images": images.order_by().explain(),  # unordered, as the view reads them
    }
    for name, plan in plans.items():
        print(f"--- EXPLAIN home listing, {name} ---\n{plan}", flush=True)
    return plans


def time_search(backend: str) -> dict:
    from articles.search.query import parse_query
    from articles.search.results import SearchResults

    per_query, samples, cpu = {}, [], []
    load_before = os.getloadavg()[0]
    for q in QUERIES:
        parsed = parse_query(q)

        def run(parsed=parsed):
            results = SearchResults(parsed)
            results.count()
            return results[0:20]

        run()  # warm-up
        times = timed(run, RUNS, cpu)
        samples += times
        per_query[q] = {"p50_ms": round(statistics.median(times), 2), "hits": SearchResults(parsed).count()}
        print(
            f"[{backend}] {q!r}: {per_query[q]['hits']} hits, p50 {per_query[q]['p50_ms']:.1f} ms", flush=True
        )
    return {
        "p50_ms": round(percentile(samples, 50), 2),
        "p95_ms": round(percentile(samples, 95), 2),
        "max_ms": round(max(samples), 2),
        # CPU time of this process: all of SQLite's work, only the client side of PostgreSQL's.
        "cpu_p50_ms": round(percentile(cpu, 50), 2),
        "cpu_p95_ms": round(percentile(cpu, 95), 2),
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "queries": per_query,
    }


def database_bytes(connection) -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
        else:
            cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        return cursor.fetchone()[0]


def fmt(home: dict) -> str:
    return f"listing p50 {home['listing_p50_ms']:.2f} ms, view p50 {home['view_p50_ms']:.2f} ms"


# --- parent: scratch databases, one worker process per backend ----------------------------------


def run_backend(backend: str, args) -> dict:
    unset = {"DATABASE_URL", "DJANGO_SQLITE_PATH", "REDIS_URL"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    # Production-like (no debug) but without the page cache: the bench times the database work.
    env.update(DJANGO_DEBUG="0", DJANGO_LOG_LEVEL="ERROR", DJANGO_PAGE_CACHE="0")
    media = tempfile.mkdtemp(prefix="gz-bench-")
    env.update(DJANGO_MEDIA_ROOT=media)
    scratch = None
    if backend == "sqlite":
        scratch = args.sqlite_path or new_temp_file("gz-search-bench-", ".sqlite3")
        env["DJANGO_SQLITE_PATH"] = scratch
    else:
        env["DATABASE_URL"] = args.pg_url
        if not args.reuse:
            recreate_pg(args.pg_url)
    out = tempfile.NamedTemporaryFile(prefix="gz-bench-", suffix=".json", delete=False).name
    try:
        command = [sys.executable, __file__, "--worker", backend, "--stories", str(args.stories)]
        command += ["--seed", str(args.seed), "--out", out] + (["--reuse"] if args.reuse else [])
        subprocess.run(command, env=env, check=True, cwd=ROOT)
        return json.loads(Path(out).read_text())
    finally:
        Path(out).unlink(missing_ok=True)
        shutil.rmtree(media, ignore_errors=True)
        if scratch and not (args.keep or args.reuse):
            for suffix in ("", "-wal", "-shm"):
                Path(scratch + suffix).unlink(missing_ok=True)
        if backend == "postgresql" and not (args.keep or args.reuse):
            recreate_pg(args.pg_url, create=False)


def new_temp_file(prefix: str, suffix: str) -> str:
    handle, path = tempfile.mkstemp(prefix=prefix, suffix=suffix)
    os.close(handle)
    return path


def recreate_pg(url: str, create: bool = True):
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    if not name.startswith("gz_") or "bench" not in name:
        raise SystemExit(f"Refusing to drop {name!r}: the scratch database name must contain 'bench'.")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        if create:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def report(results: list[dict]):
    print("\n=== Search: 20 queries x 7 runs (count + first page of 20) ===")
    print(
        f"{'backend':<11}{'stories':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'target':>11}"
        "   cpu p50/p95   load"
    )
    for r in results:
        s = r["search"]
        ok = "p95<50 ok" if s["p95_ms"] < 50 else "MISSED"
        cpu = f"{s['cpu_p50_ms']:.1f}/{s['cpu_p95_ms']:.1f} ms"
        print(
            f"{r['backend']:<11}{r['stories']:>9}{s['p50_ms']:>9.1f}{s['p95_ms']:>9.1f}{s['max_ms']:>9.1f}{ok:>11}"
            f"   {cpu:<13} {s['load_average'][0]}-{s['load_average'][1]}"
        )
    print("\n=== Home page: 100 stories vs full size (p50 of 50 runs) ===")
    for r in results:
        if "home_small" not in r:
            continue
        for key, label in (("listing_p50_ms", "listing"), ("view_p50_ms", "home view")):
            small, large = r["home_small"][key], r["home_large"][key]
            ratio = large / small
            verdict = "ok" if ratio <= 1.5 else "OVER 1.5x"
            print(
                f"{r['backend']:<11}{label:<15}{small:>8.2f} ms -> {large:>8.2f} ms  x{ratio:.2f} {verdict}"
            )
    print("\n=== Build ===")
    for r in results:
        print(
            f"{r['backend']:<11}load {r.get('load_seconds', '-')} s, index {r.get('index_seconds', '-')} s, "
            f"database {r['db_bytes'] / 1e6:.0f} MB"
        )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20251129)
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL))
    parser.add_argument("--keep", action="store_true", help="Keep the scratch databases.")
    parser.add_argument("--sqlite-path", help="Scratch SQLite file to use (default: a new temporary file).")
    parser.add_argument(
        "--reuse", action="store_true", help="Time a kept scratch database again instead of rebuilding it."
    )
    parser.add_argument("--json", help="Also write the results to this file.")
    parser.add_argument("--report", help="Print the report of a results file written by --json, and stop.")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--time-home", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.time_home:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        Path(args.out).write_text(json.dumps(time_home()))
        return
    if args.report:
        report(json.loads(Path(args.report).read_text()))
        return
    if args.worker:
        Path(args.out).write_text(json.dumps(worker(args.worker, args.stories, args.seed, args.reuse)))
        return
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results = [run_backend(backend, args) for backend in backends]
    report(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
