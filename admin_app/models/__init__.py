"""Every table, one module per area; import them from here."""
from .base import Base, OrgScoped, utcnow  # noqa: F401
from .accounts import (  # noqa: F401
    Organization, Role, User,
)
from .catalog import (  # noqa: F401
    Store, Warehouse, Sku, ComboComponent, CustomerLevel, TierPrice, CHANNELS, WAREHOUSE_KINDS,
)
from .customers import (  # noqa: F401
    Label, Customer, customer_label,
)
from .orders import (  # noqa: F401
    Order, OrderLine, ORDER_TYPES, PAYMENT_METHODS, ORDER_STATUSES, PAID_WITH, REVERT_STATUSES,
    SETTLEMENT,
)
from .stock import (  # noqa: F401
    StockLevel, StockMovement, QUALITIES, STOCK_DOCUMENT_KINDS, StockDocument,
    StockDocumentLine,
)
from .audit import (  # noqa: F401
    AuditLog, IdempotencyKey,
)
from .ledger import (  # noqa: F401
    CreditLot, DOC_TYPES, LedgerEntry, LotUse, POINT_EVENTS, PaymentAllocation,
    PaymentReceipt, PointLot, PointsEvent, PointUse,
)
from .aftersales import (  # noqa: F401
    REFUND_METHODS, REFUND_STATUSES,
    AfterSalesLine, AfterSalesOrder, ImportBatch, RefundOrder, ReturnReason,
)
from .mail import (  # noqa: F401
    CAMPAIGN_STATUSES, OUTBOX_STATUSES, Campaign, Outbox,
)
from .distribution import (  # noqa: F401
    FEE_MODES, PARTNERSHIP_STATUSES, PUSH_STATUSES,
    DistributionOrder, DistributionReturn, PartnerWarehouse, Partnership, SkuMapping,
)
from .platforms import (  # noqa: F401
    CLAIM_KINDS, CLAIM_STATUSES, CLOCK_STEPS, CLOCK_UNITS, EVIDENCE_KINDS, EVIDENCE_STAGES,
    DeadlineMark, Evidence, Holiday, PlatformClaim, PlatformDeadline, PlatformStatus,
)
from .jobs import JOB_STATUSES, Job  # noqa: F401
from .api import ApiRequest, ApiToken  # noqa: F401
from .webhooks import (  # noqa: F401
    DELIVERY_STATUSES, WebhookDelivery, WebhookEvent, WebhookSubscription,
)

from .base import install_extensions  # noqa: E402
from .customers import add_expired_balance  # noqa: E402
from .day_figures import (AfterSalesDay, SkuReturnsDay, SkuUnitsDay,  # noqa: F401,E402
                          StoreOrdersDay)

install_extensions(Base.metadata)
add_expired_balance(CreditLot)
