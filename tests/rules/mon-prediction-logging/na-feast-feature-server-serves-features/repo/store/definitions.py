from datetime import timedelta

from feast import Entity, FeatureView, Field, FileSource
from feast.types import Float32

rider = Entity(name="rider", join_keys=["rider_id"])
trips = FileSource(path="data/trips.parquet", timestamp_field="event_timestamp")

trip_stats = FeatureView(
    name="trip_stats",
    entities=[rider],
    ttl=timedelta(days=7),
    schema=[Field(name="avg_fare", dtype=Float32), Field(name="trips_7d", dtype=Float32)],
    source=trips,
)
