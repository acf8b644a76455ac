from modstack.tasks import task


@task()
def send_reminders() -> None:
    pass
