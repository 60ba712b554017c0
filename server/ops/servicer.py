"""gRPC servicers of flowkeeper.ops.v1: decode, call the domain, encode."""

from __future__ import annotations

from typing import Iterable

import grpc
from sqlalchemy.orm import Session

from flowkeeper.ops.v1 import user_pb2, user_pb2_grpc
from server.context import AppContext
from server.identity import service as identity
from server.identity.service import Caller
from server.ids import USER
from server.ops import mapping
from server.rpc.servicer import Servicer, transactional


class UserServicer(Servicer, user_pb2_grpc.UserServiceServicer):
    @transactional(write=True)
    def CreateUser(self, request: user_pb2.CreateUserRequest, tx: Session, caller: Caller) -> user_pb2.CreateUserResponse:
        caller.require_admin("create users")
        row = identity.create_user(
            tx,
            self.app.clock,
            display_name=request.display_name,
            full_name=request.full_name,
            email=request.email,
            state=mapping.user_state_name(request.state),
        )
        return user_pb2.CreateUserResponse(user=mapping.user(row))

    @transactional(write=False)
    def GetUser(self, request: user_pb2.GetUserRequest, tx: Session, caller: Caller) -> user_pb2.GetUserResponse:
        return user_pb2.GetUserResponse(user=mapping.user(identity.get_user(tx, USER.parse(request.id, "id"))))

    @transactional(write=False)
    def GetSelf(self, request: user_pb2.GetSelfRequest, tx: Session, caller: Caller) -> user_pb2.GetSelfResponse:
        return user_pb2.GetSelfResponse(user=mapping.user(identity.get_user(tx, caller.user_id)))


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    user_pb2_grpc.add_UserServiceServicer_to_server(UserServicer(app), server)
    return [user_pb2.DESCRIPTOR.services_by_name["UserService"].full_name]
