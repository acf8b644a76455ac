from fastapi import APIRouter

vendor_router = APIRouter()
