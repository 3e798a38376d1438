from marshmallow import Schema, fields


class BaseCustomerSchema(Schema):
    tenure = fields.Integer(required=True)
    balance = fields.Float(required=True)
    geography = fields.String(required=True)


class PredictionRequestSchema(BaseCustomerSchema):
    pass
