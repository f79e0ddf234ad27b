"""The demo's organizations, people, products and how its orders end."""
from decimal import Decimal

DEMO_PASSWORD = "demo-password"

ORGS = [
    {
        "name": "Sunrise Supply Co.",
        "currency": "MYR",
        "timezone": "Asia/Kuala_Lumpur",
        "domain": "supplier.demo",
        "stores": [
            ("Sunrise Shopee", "Shopee"),
            ("Sunrise Lazada", "Lazada"),
            ("Sunrise Wholesale", "Offline"),
        ],
        "warehouses": [("Shah Alam DC", "own"), ("Penang 3PL", "third_party")],
    },
    {
        "name": "Metro Gadgets",
        "currency": "MYR",
        "timezone": "Asia/Kuala_Lumpur",  # its store is in KL
        "domain": "distributor.demo",
        "stores": [
            ("Metro TikTok Shop", "TikTok"),
            ("Metro Shopify", "Shopify"),
            ("Metro Shopee", "Shopee"),
            ("Metro Counter", "Offline"),
        ],
        "warehouses": [
            ("Metro KL Store", "own"),
            ("Sunrise Shah Alam (supplier)", "supplier"),
        ],
    },
]

# Two more shops, each on its own: one counting whole dong, read in Vietnamese, one in
# baht, read in Thai (issue 24). Their prices are the catalog's in their currency
# (demo/amounts.py).
REGIONAL_ORGS = [
    {
        "name": "Chợ Điện Tử Sài Gòn",
        "currency": "VND",
        "timezone": "Asia/Ho_Chi_Minh",
        "language": "vi",
        "points": ("0.01", "5.00"),  # a point per 100 dong, worth 5 dong
        "domain": "vnd.demo",
        "phone": "+84 9{}-{}",
        "first": ["Nguyễn Văn", "Trần Thị", "Lê Hoàng", "Phạm Minh", "Võ Thị", "Đặng Quốc"],
        "last": ["An", "Bình", "Cường", "Dung", "Hạnh", "Khoa", "Lan", "Phúc"],
        "stores": [("Sài Gòn Shopee", "Shopee"), ("Sài Gòn TikTok Shop", "TikTok"),
                   ("Cửa hàng Quận 1", "Offline")],
        "warehouses": [("Kho Thủ Đức", "own")],
    },
    {
        "name": "Bangkok Gadget House",
        "currency": "THB",
        "timezone": "Asia/Bangkok",
        "language": "th",
        "points": ("1.00", "0.05"),
        "domain": "thb.demo",
        "phone": "+66 8{}-{}",
        "first": ["สมชาย", "สุนีย์", "ประเสริฐ", "วิไล", "ณัฐพล", "กมลชนก"],
        "last": ["ใจดี", "ศรีสุข", "วงศ์สวัสดิ์", "ทองมา", "แสงอรุณ", "บุญมี"],
        "stores": [("Bangkok Lazada", "Lazada"), ("Bangkok Shopee", "Shopee"),
                   ("Siam Counter", "Offline")],
        "warehouses": [("Bang Na DC", "own")],
    },
]

ROLES = {
    "Warehouse clerk": "stock.return_in stock.adjust",
    "Customer service": "orders.manage aftersales.manual customers.manage",
    "Finance": "aftersales.refund credit.receive credit.override reports.view",
    "Manager": "reports.view",
}
SUB_ACCOUNTS = [("clerk", "Warehouse clerk"), ("service", "Customer service"),
                ("finance", "Finance"), ("manager", "Manager")]

PRODUCTS = [
    ("PB-10K", "Power bank 10,000 mAh", "59.90"), ("PB-20K", "Power bank 20,000 mAh", "89.00"),
    ("CBL-USBC-1M", "USB-C cable 1 m", "12.50"), ("CBL-USBC-2M", "USB-C cable 2 m", "15.90"),
    ("CHG-20W", "20 W wall charger", "29.90"), ("CHG-65W", "65 W GaN charger", "119.00"),
    ("EAR-BT5", "Bluetooth earbuds", "79.00"), ("EAR-WIRED", "Wired earphones", "19.90"),
    ("CASE-A15", "Phone case A15", "14.90"), ("CASE-S24", "Phone case S24", "24.90"),
    ("SCR-A15", "Screen protector A15", "9.90"), ("SCR-S24", "Screen protector S24", "12.90"),
    ("STAND-AL", "Aluminium phone stand", "34.00"), ("HUB-7IN1", "USB-C hub 7-in-1", "99.00"),
    ("MOUSE-W", "Wireless mouse", "39.90"), ("KB-MINI", "Mini keyboard", "69.00"),
]
RETIRED_SKU = "CASE-A15"  # deactivated after the demo's orders: history keeps it
COMBOS = [("SET-TRAVEL", "Travel set: power bank + cable + charger",
           [("PB-10K", 1), ("CBL-USBC-1M", 1), ("CHG-20W", 1)], "95.00"),
          ("SET-PROTECT", "Protection set: case + 2 screen protectors",
           [("CASE-A15", 1), ("SCR-A15", 2)], "29.90")]
LEVELS = [("Retail", None), ("Silver", Decimal("0.95")), ("Gold", Decimal("0.90")),
          ("Wholesale", Decimal("0.80"))]
FIRST = ["Aisyah", "Wei Ling", "Ravi", "Nurul", "Jason", "Siti", "Kumar", "Mei", "Hafiz",
         "Priya", "Daniel", "Farah", "Arjun", "Li Na", "Amir", "Grace", "Zul", "Kavitha"]
LAST = ["Tan", "Lim", "Rahman", "Wong", "Singh", "Abdullah", "Lee", "Ng", "Ismail", "Chong"]
LABELS = ["VIP", "Reseller", "Late payer", "Corporate", "New"]

# Where each demo order ends, and how often.
ENDINGS = [("new", 10), ("pending", 6), ("to_pickup", 12), ("shipped", 25),
           ("completed", 40), ("cancelled", 7)]
PATH = {"new": [], "pending": [], "to_pickup": ["to_pickup"], "shipped": ["to_pickup", "ship"],
        "completed": ["to_pickup", "ship", "complete"]}


REASONS = ["Damaged", "Wrong item", "Not as described", "Changed mind"]
# For each type: the states its demo orders are left in.
AFTERSALES_DEMO = {
    "return_refund": ["to_confirm", "confirm_return", "received_return", "refund_processing",
                      "refund_rejected", "completed", "completed", "cancelled"],
    "refund_only": ["to_confirm", "confirm_refund", "refund_processing", "completed",
                    "cancelled"],
    "exchange": ["to_confirm", "confirm_exchange", "received_return", "refund_processing",
                 "completed", "cancelled"],
}


