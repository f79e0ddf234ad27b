"""schemathesis runs the committed OpenAPI document against the app: every operation,
with valid and invalid data, real ids of the caller's organization and random ones;
no answer may be a 500, and every answer must match the document."""
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (content_type_conformance,
                                               response_schema_conformance,
                                               status_code_conformance)

from tests.api.conftest import new_token

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance,
          content_type_conformance]
EXAMPLES = 12


def test_every_operation_answers_as_documented(app, world, session):
    alpha, _ = world
    auth = {"Authorization": f"Bearer {new_token(alpha.main)}"}
    app.config.update(API_RATE_LIMIT="100000/minute", API_ADDRESS_RATE_LIMIT="100000/minute")
    ids = {"customer_id": alpha.customer.id, "order_id": alpha.order.id,
           "aftersales_id": alpha.refund.aftersales_id, "refund_id": alpha.refund.id}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    calls = {"operations": len(operations), "cases": 0}
    try:
        for operation in operations:
            names = {p.name for p in operation.path_parameters}
            real = {name: ids[name] for name in names if name in ids}
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                for path_parameters in ({**real} if real else None, None):
                    _run(app, operation, mode, path_parameters, auth, calls)
    finally:
        app.config.update(API_RATE_LIMIT="600/minute", API_ADDRESS_RATE_LIMIT="3000/minute")
    print(f"schemathesis: {calls['operations']} operations, {calls['cases']} cases")
    assert calls["operations"] >= 30 and calls["cases"] >= 30 * EXAMPLES


def _run(app, operation, mode, path_parameters, auth, calls):
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters) \
        if path_parameters else operation.as_strategy(generation_mode=mode)

    @given(case=strategy)
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    def call(case):
        with app.app_context():  # a fresh `g` and session per call, as in production
            response = case.call(headers=auth)
        calls["cases"] += 1
        case.validate_response(response, checks=CHECKS)

    call()


def test_sequences_of_calls_follow_the_documents_links(app, world, session):
    """Stateful: schemathesis chains operations by the links it infers from the document
    (an order created, then read, moved, cancelled...), with the caller's token."""
    from hypothesis.stateful import run_state_machine_as_test
    alpha, _ = world
    auth = {"Authorization": f"Bearer {new_token(alpha.main)}"}
    app.config.update(API_RATE_LIMIT="100000/minute", API_ADDRESS_RATE_LIMIT="100000/minute")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    steps = []

    class Calls(schema.as_state_machine()):
        def call(self, case, **kwargs):
            with app.app_context():
                response = case.call(headers=auth)
            steps.append(response.status_code)
            return response

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    try:
        run_state_machine_as_test(Calls, settings=settings(
            max_examples=25, stateful_step_count=6, deadline=None, database=None,
            derandomize=True, suppress_health_check=list(HealthCheck)))
    finally:
        app.config.update(API_RATE_LIMIT="600/minute", API_ADDRESS_RATE_LIMIT="3000/minute")
    print(f"schemathesis, stateful: {len(steps)} calls")
    assert len(steps) >= 25 and 500 not in steps
