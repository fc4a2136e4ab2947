# ruff: noqa: E501
"""Demo authors, their credits, story types and notes for ``manage.py load_demo``.

Plain data, no Django. The four people are invented for the demo (not real journalists); their
links point at reserved example domains. Each story entry names its bylines and translators by
author slug, its type, and its notes (``hours_ago`` counts back from when the demo is loaded).
"""

AUTHORS = [
    {
        "slug": "mara-lindqvist",
        "name_en": "Mara Lindqvist",
        "name_zh_hans": "玛拉·林奎斯特",
        "job_title_en": "Semiconductor correspondent",
        "job_title_zh_hans": "半导体记者",
        "bio_en": "Mara covers chip factories, packaging and the supply chains behind AI hardware.",
        "bio_zh_hans": "玛拉报道芯片工厂、先进封装以及 AI 硬件背后的供应链。",
        "links": ["https://mara.example.org/"],
        "colors": ["#285a96", "#c8dcf0"],
    },
    {
        "slug": "tomas-okafor",
        "name_en": "Tomas Okafor",
        "name_zh_hans": "托马斯·奥卡福",
        "job_title_en": "Models editor",
        "job_title_zh_hans": "模型编辑",
        "bio_en": "Tomas writes about open models, evaluations and the labs that build them.",
        "bio_zh_hans": "托马斯关注开放模型、模型评测以及打造它们的实验室。",
        "links": ["https://tomas.example.net/", "https://social.example.com/@tomas"],
        "colors": ["#783c28", "#f0d2be"],
    },
    {
        "slug": "lin-xiaoyu",
        "name_en": "Lin Xiaoyu",
        "name_zh_hans": "林晓雨",
        "job_title_en": "Translator",
        "job_title_zh_hans": "译者",
        "bio_en": "Xiaoyu translates Guozhen's reporting into Chinese.",
        "bio_zh_hans": "晓雨负责把国真的报道译成中文。",
        "links": [],
        "colors": ["#3c7850", "#d2ebd7"],
    },
    {
        "slug": "priya-raman",
        "name_en": "Priya Raman",
        "name_zh_hans": "普丽娅·拉曼",
        "job_title_en": "Energy and policy reporter",
        "job_title_zh_hans": "能源与政策记者",
        "bio_en": "Priya follows the power grids, rules and money that AI data centres depend on.",
        "bio_zh_hans": "普丽娅追踪 AI 数据中心所依赖的电网、规则与资金。",
        "links": ["https://priya.example.org/"],
        "colors": ["#6e468c", "#e6d7f0"],
    },
]

STORIES = {
    "nvidia-moves-ai-supercomputer-manufacturing-onto-us-soil": {
        "bylines": ["mara-lindqvist"],
        "translators": ["lin-xiaoyu"],
        "notes": [
            {
                "kind": "correction",
                "hours_ago": 1,
                "text_en": "An earlier version gave the wrong state for the packaging partner. It is Arizona, not Texas.",
                "text_zh_hans": "本文早前版本把封装合作伙伴所在的州写错了，应为亚利桑那州，而非得克萨斯州。",
            }
        ],
    },
    "ai2-releases-open-reasoning-model-with-its-full-training-recipe": {
        "bylines": ["tomas-okafor"],
        "translators": ["lin-xiaoyu"],
    },
    "tsmc-outlines-advanced-packaging-plans-for-its-arizona-campus": {
        "bylines": ["mara-lindqvist", "priya-raman"],
        "story_type": "analysis",
    },
    "grid-operators-brace-as-ai-data-centres-queue-for-power": {
        "bylines": ["priya-raman"],
        "translators": ["lin-xiaoyu"],
        "notes": [
            {
                "kind": "update",
                "hours_ago": 3,
                "text_en": "Adds the grid operator's response, received after publication.",
                "text_zh_hans": "补充了电网运营商在本文发布后发来的回应。",
            }
        ],
    },
    "deepmind-shows-a-robotics-foundation-model-that-runs-on-the-robot": {
        "bylines": ["tomas-okafor"],
        "story_type": "explainer",
    },
    "field-notes-inside-a-liquid-cooled-hall-built-for-ai-training": {
        "bylines": ["mara-lindqvist"],
        "translators": ["lin-xiaoyu"],
    },
    "mlperf-inference-round-adds-a-reasoning-workload-for-large-models": {
        "bylines": ["tomas-okafor", "mara-lindqvist"],
        "translators": ["lin-xiaoyu"],
    },
    "eu-code-of-practice-sets-out-duties-for-general-purpose-model-makers": {
        "bylines": ["priya-raman"],
        "story_type": "opinion",
    },
    "hugging-face-proposes-a-shared-format-for-reporting-model-evaluations": {
        "bylines": ["tomas-okafor"],
    },
    "amd-details-rack-scale-plans-for-its-next-instinct-accelerators": {
        "bylines": ["mara-lindqvist"],
        "translators": ["lin-xiaoyu"],
    },
}
