from modstack import BaseModule


class Bad(BaseModule):
    NAME = 'Not A Slug'
