from fastapi import APIRouter

from app.services.billing_service import billing_service

router = APIRouter()
