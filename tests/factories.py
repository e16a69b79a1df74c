"""Factories for test data. CUIs are valid and unique; passwords are known."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.cui import make_cui

PASSWORD = "Clave.Segura.2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persona{n}@correo.gt")
    cui = factory.Sequence(lambda n: make_cui(30_000_000 + n * 13, "0101"))
    first_name = factory.Faker("first_name", locale="es_MX")
    last_name = factory.Faker("last_name", locale="es_MX")
    birth_date = factory.Faker("date_of_birth", minimum_age=18, maximum_age=80)
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(extracted)
        if create:
            self.save()


class StaffFactory(UserFactory):
    is_staff = True
