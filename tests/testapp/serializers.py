from __future__ import annotations

from rest_framework import serializers
from tests.testapp.models import Matter


class MatterSerializer(serializers.ModelSerializer[Matter]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Matter
        fields = ["id", "title", "unit", "counterpart"]
