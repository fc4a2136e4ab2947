"""The API's response shapes. The OpenAPI document at /api/v1/openapi.json is generated from them."""

from datetime import datetime

from ninja import Field, Schema

from articles.api.language import Lang


class Text(Schema):
    """A translated field: its text, the language the text is in, and whether that is a fallback."""

    text: str
    lang: Lang = Field(description="The language of `text` (en or zh-hans).")
    fallback: bool = Field(description="True when the asked-for language is missing and English is shown.")


PageUrls = dict[Lang, str]


class Rendition(Schema):
    type: str = Field(description="MIME type, e.g. image/avif.")
    url: str
    width: int
    height: int


class Image(Schema):
    position: int = Field(description="Place in the story; `<!--image:N-->` in body_html marks image N.")
    width: int
    height: int
    caption: Text
    alt_text: Text
    credit: str
    credit_url: str
    renditions: list[Rendition]


class SectionRef(Schema):
    slug: str
    name: Text
    pages: PageUrls = Field(description="The section's page in each language.")


class TagRef(Schema):
    slug: str
    name: Text
    pages: PageUrls = Field(description="The tag's page in each language.")


class Section(SectionRef):
    position: int


class TagCount(TagRef):
    story_count: int = Field(description="Published stories with this tag.")


class Source(Schema):
    name: str
    url: str


class Person(Schema):
    """Someone credited on a story: as its writer (a byline) or as the translator of its Chinese."""

    slug: str
    name: Text
    job_title: Text
    pages: PageUrls = Field(description="The person's author page in each language.")


class Note(Schema):
    """A correction, clarification or update shown on the story, newest first."""

    kind: str = Field(description="correction, clarification or update.")
    text: Text
    noted_at: datetime


class StoryCard(Schema):
    slug: str
    url: str = Field(description="This story in the API.")
    type: str = Field(description="news, analysis, opinion, explainer or sponsored.")
    title: Text
    dek: Text
    section: SectionRef
    tags: list[TagRef]
    image: Image | None = Field(description="The lead image (the first by position), if any.")
    published_at: datetime
    updated_at: datetime
    pages: PageUrls = Field(description="The story's page in each language.")


class Story(StoryCard):
    body_html: Text = Field(description="Sanitised HTML; `<!--image:N-->` marks where image N goes.")
    why_it_matters: Text
    images: list[Image]
    source: Source
    bylines: list[Person] = Field(description="The writers, in the order the story names them.")
    translators: list[Person] = Field(description="Who translated the Chinese text, in order.")
    notes: list[Note]


class StoryPage(Schema):
    lang: Lang
    items: list[StoryCard]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null on the last.")
    next: str | None = Field(description="The URL of the next page; null on the last.")


class SearchPage(Schema):
    lang: Lang
    query: str = Field(description="The query as searched, cleaned.")
    total: int = Field(description="Matching stories, counted up to the search limit.")
    capped: bool = Field(description="True when more stories match than are counted.")
    page: int
    items: list[StoryCard]
    next: str | None


class Error(Schema):
    status: int
    message: str
