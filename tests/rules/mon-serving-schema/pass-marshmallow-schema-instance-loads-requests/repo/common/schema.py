from marshmallow import Schema, fields, validate


class CustomerSchema(Schema):
    tenure = fields.Integer(required=True, validate=validate.Range(min=0))
    monthly_charges = fields.Float(required=True, validate=validate.Range(min=0))
    contract = fields.String(required=True, validate=validate.OneOf(["monthly", "yearly", "two-year"]))
