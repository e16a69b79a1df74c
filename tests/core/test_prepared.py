"""A prepared query answers exactly what the ORM answers for the same values, with its SQL built once."""

import datetime
from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Max
from django.db.models.expressions import RawSQL
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.postgresql.base import native_placeholders
from core.prepared import SPELLED_KEPT, PreparedList, PreparedQuery
from requests_app import parts
from requests_app.constants import RequestState
from requests_app.models import CertificationRequest
from tests.factories import CertificationRequestFactory, ServicePeriodFactory, ThirdPartyFactory, UserFactory

pytestmark = pytest.mark.django_db

with_third_party = PreparedQuery(
    lambda applicant, pk: CertificationRequest.objects.filter(applicant=applicant, pk=pk),
    related={"third_party": None},
)
newest_first = PreparedQuery(
    lambda applicant, state: CertificationRequest.objects.filter(applicant=applicant, state=state).order_by(
        "-updated_at", "-pk"
    ),
    fields=("id", "state", "updated_at", "applicant_id", "third_party_id"),
    related={"third_party": ("first_name", "last_name")},
)


@pytest.fixture
def requests(catalogs):
    applicant = UserFactory()
    relative = ThirdPartyFactory(owner=applicant)
    made = [CertificationRequestFactory(applicant=applicant, third_party=relative if n % 2 else None) for n in range(7)]
    CertificationRequestFactory(state=RequestState.SUBMITTED)  # someone else's
    for n, request in enumerate(made):  # distinct update times, newest last
        CertificationRequest.objects.filter(pk=request.pk).update(updated_at=timezone.now() + timedelta(minutes=n))
    return applicant, made


def test_a_row_and_its_relation_are_what_the_orm_reads(requests):
    applicant, made = requests
    for request in made[:2]:
        prepared = with_third_party.first(applicant.pk, request.pk)
        expected = CertificationRequest.objects.select_related("third_party").get(pk=request.pk)
        assert model_to_dict(prepared) == model_to_dict(expected)
        assert prepared.updated_at == expected.updated_at and prepared.updated_at.tzinfo is not None
        if expected.third_party is None:
            assert prepared.third_party is None
        else:
            assert model_to_dict(prepared.third_party) == model_to_dict(expected.third_party)
            assert prepared.third_party.birth_date == expected.third_party.birth_date


def test_another_persons_request_is_not_found(requests):
    _applicant, made = requests
    assert with_third_party.first(UserFactory().pk, made[0].pk) is None


def test_the_relation_comes_in_the_same_query_and_the_instance_saves_normally(requests):
    applicant, made = requests
    with CaptureQueriesContext(connection) as queries:
        prepared = with_third_party.first(applicant.pk, made[1].pk)
        assert prepared.subject_name == made[1].third_party.get_full_name()
    assert len(queries) == 1
    prepared.last_step = 3
    prepared.save(update_fields=["last_step"])
    assert CertificationRequest.objects.get(pk=prepared.pk).last_step == 3


def test_pages_of_a_prepared_list_match_the_orms(requests):
    applicant, _made = requests
    orm = CertificationRequest.objects.filter(applicant=applicant, state=RequestState.DRAFT).order_by(
        "-updated_at", "-pk"
    )
    prepared = PreparedList(newest_first, applicant.pk, RequestState.DRAFT)
    for number in (1, 2, 3):
        expected = Paginator(orm, 3).page(number)
        page = Paginator(prepared, 3).page(number)
        assert page.paginator.count == expected.paginator.count == 7
        assert [(row.pk, row.subject_name) for row in page] == [(row.pk, row.subject_name) for row in expected]
    assert list(PreparedList(newest_first, applicant.pk, RequestState.SUBMITTED)[0:10]) == []


def test_its_sql_is_built_once_and_only_the_values_change(requests, monkeypatch):
    applicant, _made = requests
    counting = PreparedQuery(lambda applicant: CertificationRequest.objects.filter(applicant=applicant))
    assert counting.count(applicant.pk) == 7
    monkeypatch.setattr(counting, "build", None)  # built: never called again
    assert counting.count(UserFactory().pk) == 0
    assert counting.count(applicant.pk) == 7


def test_a_percent_sign_written_in_the_sql_reaches_the_database_as_one(requests):
    applicant, _made = requests
    with_share = PreparedQuery(
        lambda applicant: CertificationRequest.objects.filter(applicant=applicant).annotate(share=RawSQL("'50%%'", ())),
        annotations=("share",),
    )
    assert {row.share for row in with_share.rows(applicant.pk)} == {"50%"}


def test_postgresqls_placeholders_are_numbered_in_order_and_percent_signs_unescaped():
    sql = 'SELECT "a" FROM "t" WHERE "b" = %s AND "c" LIKE \'%%x\' AND "d" IN (%s, %s)'
    assert native_placeholders(sql) == 'SELECT "a" FROM "t" WHERE "b" = $1 AND "c" LIKE \'%x\' AND "d" IN ($2, $3)'
    with pytest.raises(ValueError, match="Marcador desconocido"):
        native_placeholders("SELECT %(name)s")
    with pytest.raises(ValueError, match="Marcador desconocido"):
        native_placeholders("SELECT 1 %")


def test_literals_take_the_place_of_some_placeholders_and_the_others_are_numbered_without_them():
    sql = 'SELECT %s AS "a" FROM "t" WHERE "b" = %s AND "c" = %s AND "d" IN (%s, %s)'
    assert (
        native_placeholders(sql, {0: "1", 2: "'otro'", 3: "true"})
        == 'SELECT 1 AS "a" FROM "t" WHERE "b" = $1 AND "c" = \'otro\' AND "d" IN (true, $2)'
    )


def test_constants_are_written_into_the_sql_on_postgresql_and_only_the_values_are_sent(requests):
    """A state (a choice), a quoted text, a flag and a negative number: on PostgreSQL they become literals (the run
    sends only the applicant), and the rows are the ORM's on every database."""
    applicant, made = requests
    CertificationRequest.objects.filter(pk=made[0].pk).update(payment_reference="O'Brien\\1")

    def build(applicant):
        return CertificationRequest.objects.filter(
            applicant=applicant,
            state=RequestState.DRAFT,
            payment_reference="O'Brien\\1",
            applicant__is_active=True,
            last_step__gt=-3,
        )

    constants = PreparedQuery(build)
    assert [row.pk for row in constants.rows(applicant.pk)] == [row.pk for row in build(applicant)] == [made[0].pk]
    with CaptureQueriesContext(connection) as queries:
        constants.rows(applicant.pk)
    sent = queries.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "'O''Brien" in sent and "'en_creacion'" in sent and "$2" not in sent
    else:
        assert "O'Brien" not in sent


def test_a_list_paged_far_on_keeps_the_sql_of_its_first_pages_only(requests):
    applicant, _made = requests
    orm = CertificationRequest.objects.filter(applicant=applicant, state=RequestState.DRAFT).order_by(
        "-updated_at", "-pk"
    )
    expected = [row.pk for row in orm]
    statement = newest_first.statement()
    for offset in range(SPELLED_KEPT + 10):
        found = newest_first.rows(applicant.pk, RequestState.DRAFT, limit=1, offset=offset)
        assert [row.pk for row in found] == expected[offset : offset + 1]
    assert len(statement.spelled) <= SPELLED_KEPT


def test_a_count_can_stop_at_a_limit(requests):
    applicant, _made = requests
    counting = PreparedQuery(lambda applicant: CertificationRequest.objects.filter(applicant=applicant).order_by("pk"))
    assert counting.count(applicant.pk, limit=3) == 3
    assert counting.count(applicant.pk, limit=100) == counting.count(applicant.pk) == 7
    assert PreparedList(counting, applicant.pk).count(limit=5) == 5


def test_a_value_the_query_does_not_send_as_a_parameter_is_refused():
    ignored = PreparedQuery(lambda applicant: CertificationRequest.objects.all())
    with pytest.raises(ValueError, match="parámetro"):
        ignored.rows(5)


def test_a_number_too_large_for_any_column_finds_nothing_instead_of_failing(requests):
    applicant, _made = requests
    too_large = 2**70
    assert with_third_party.first(applicant.pk, too_large) is None
    assert PreparedList(newest_first, too_large, RequestState.DRAFT).count() == 0


def test_annotations_come_with_the_row_through_their_converters(requests):
    applicant, made = requests
    with_latest = PreparedQuery(
        lambda applicant: (
            CertificationRequest.objects.filter(applicant=applicant)
            .annotate(latest=Max("updated_at"), period_count=Count("periods"))
            .order_by("pk")
        ),
        annotations=("latest", "period_count"),
    )
    rows = with_latest.rows(applicant.pk)
    assert [row.pk for row in rows] == [request.pk for request in made]
    expected = CertificationRequest.objects.get(pk=made[0].pk).updated_at
    assert rows[0].latest == expected and rows[0].latest.tzinfo is not None
    assert rows[0].period_count == 0


def test_rows_can_be_built_with_a_lighter_class_than_the_model(requests):
    applicant, made = requests
    as_values = PreparedQuery(
        lambda applicant: (
            CertificationRequest.objects.filter(applicant=applicant)
            .annotate(period_count=Count("periods"))
            .order_by("pk")
        ),
        fields=("id", "state", "updated_at"),
        related={"third_party": ("first_name", "last_name")},
        annotations=("period_count",),
        row=lambda **values: values,
    )
    rows = as_values.rows(applicant.pk)
    assert [row["id"] for row in rows] == [request.pk for request in made]
    assert set(rows[0]) == {"id", "state", "updated_at", "third_party", "period_count"}
    assert rows[0]["third_party"] is None and rows[0]["state"] == RequestState.DRAFT
    assert rows[1]["third_party"].get_full_name() == made[1].third_party.get_full_name()
    assert rows[0]["updated_at"] == CertificationRequest.objects.get(pk=made[0].pk).updated_at


with_periods = PreparedQuery(
    lambda applicant, pk: parts.periods_joined(CertificationRequest.objects.filter(applicant=applicant, pk=pk)),
    related={"third_party": None},
    per_row=parts.PERIOD_COLUMNS,
    child=parts.period_row,
)


def test_a_row_joined_to_its_children_is_built_once_with_each_childs_values(requests):
    applicant, made = requests
    request = made[1]
    later = ServicePeriodFactory(
        request=request, start_date=datetime.date(2001, 1, 1), end_date=datetime.date(2002, 1, 1)
    )
    earlier = ServicePeriodFactory(request=request)
    with CaptureQueriesContext(connection) as captured:
        found, periods = with_periods.first_with_children(applicant.pk, request.pk)
    assert len(captured) == 1
    assert found == request and found.third_party == request.third_party
    assert periods == parts.request_periods(request)
    assert [period.pk for period in periods] == [earlier.pk, later.pk]
    assert periods[0].start_date == datetime.date(1990, 2, 1) and periods[0].institution_id == earlier.institution_id


def test_a_row_without_children_comes_once_and_none_when_it_is_not_found(requests):
    applicant, made = requests
    found, periods = with_periods.first_with_children(applicant.pk, made[0].pk)
    assert found == made[0] and periods == []
    assert with_periods.first_with_children(UserFactory().pk, made[0].pk) == (None, [])
