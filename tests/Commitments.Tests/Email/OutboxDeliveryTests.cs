using Commitments.Tests.Infrastructure;
using Commitments.Web.Email;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Email;

/// <summary>
/// Queued e-mail travels through the delivery job and MailKit to a real SMTP server on loopback:
/// once, unchanged, retried after failures on the configured back-off, and given up on in the end.
/// </summary>
public sealed class OutboxDeliveryTests : IAsyncLifetime
{
    private const string DutchSubject = "Toezegging ‘3/4’ — één";
    private const string DutchText = "Beste Jan,\n\nUw toezegging ‘3/4’ — één is goedgekeurd door landsdeel Noord.\nBudget: € 1.234,56\n\nMet vriendelijke groet,\nSecretariaat Techniekpact";
    private const string DutchHtml = "<p>Uw toezegging <strong>‘3/4’ — één</strong> is goedgekeurd.</p>";
    private const string Recipient = "Jan de Vriës <jan.devries@provincie-drenthe.nl>";

    private TestDatabase _database = null!;
    private LoopbackSmtpServer _smtp = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _smtp = new LoopbackSmtpServer();
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _database.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_queued_message_arrives_once_exactly_as_typed_even_when_the_job_runs_twice()
    {
        await _smtp.StartAsync();
        await using var email = EmailTestServices.WithSmtp(_database, _smtp.Port);
        var id = (await email.EnqueueAsync((Recipient, DutchSubject, DutchText, DutchHtml))).Single();

        await email.RunDispatcherAsync();
        await email.RunDispatcherAsync();

        var received = Assert.Single(_smtp.Received);
        Assert.Equal(["jan.devries@provincie-drenthe.nl"], received.EnvelopeTo);
        var message = received.Message;
        var to = Assert.Single(message.To.Mailboxes);
        Assert.Equal("Jan de Vriës", to.Name);
        Assert.Equal("jan.devries@provincie-drenthe.nl", to.Address);
        var from = Assert.Single(message.From.Mailboxes);
        Assert.Equal("Techniekpact", from.Name);
        Assert.Equal("secretariaat@techniekpact.nl", from.Address);
        Assert.Equal(DutchSubject, message.Subject);
        Assert.Equal(DutchText, MailText.AsTyped(message.TextBody));
        Assert.Equal(DutchHtml, MailText.AsTyped(message.HtmlBody));

        var row = await email.ReadAsync(id);
        Assert.Equal(OutboxMailBuilder.MessageId(row, "techniekpact.nl"), message.MessageId);
        Assert.Equal(EmailTestServices.Start.UtcDateTime, row.SentAt);
        Assert.Equal(1, row.Attempts);
        Assert.Null(row.LockedUntil);
        Assert.Null(row.LastError);
    }

    [SkippableFact]
    public async Task Two_delivery_runs_at_the_same_time_deliver_every_message_exactly_once()
    {
        await _smtp.StartAsync();
        // Small batches, so that both runs go through several rounds of reading and claiming.
        await using var email = EmailTestServices.WithSmtp(_database, _smtp.Port, batchSize: 4);
        var ids = await email.EnqueueAsync(Enumerable.Range(1, 24)
            .Select(i => ($"partner{i}@example.nl", $"{DutchSubject} ({i})", $"{DutchText}\n{i}", (string?)null))
            .ToArray());

        var runs = Enumerable.Range(0, 2).Select(_ => Task.Run(email.RunDispatcherAsync)).ToArray();
        await Task.WhenAll(runs);
        await email.RunDispatcherAsync();

        var received = _smtp.Received;
        Assert.Equal(24, received.Count);
        Assert.Equal(24, received.Select(r => r.Message.MessageId).Distinct().Count());
        Assert.Equal(
            Enumerable.Range(1, 24).Select(i => $"{DutchSubject} ({i})").Order(),
            received.Select(r => r.Message.Subject).Order());
        Assert.All(received, r => Assert.Equal(
            $"{DutchText}\n{r.Message.Subject![(DutchSubject.Length + 2)..^1]}",
            MailText.AsTyped(r.Message.TextBody)));
        var rows = await email.ReadAllAsync();
        Assert.Equal(ids, rows.Select(r => r.Id));
        Assert.All(rows, r =>
        {
            Assert.NotNull(r.SentAt);
            Assert.Equal(1, r.Attempts);
            Assert.Null(r.LockedUntil);
        });
    }

    [SkippableFact]
    public async Task A_message_that_one_run_is_sending_is_not_sent_by_another_run()
    {
        await _smtp.StartAsync();
        var release = new TaskCompletionSource();
        _smtp.HoldFirstMessageUntil(release.Task);
        await using var email = EmailTestServices.WithSmtp(_database, _smtp.Port);
        await email.EnqueueAsync((Recipient, DutchSubject, DutchText, null));

        var first = email.RunDispatcherAsync();
        await _smtp.FirstMessageArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The first run is waiting for the server's answer; a second run comes along meanwhile.
        await email.RunDispatcherAsync().WaitAsync(TimeSpan.FromSeconds(30));
        release.SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(_smtp.Received);
        var row = Assert.Single(await email.ReadAllAsync());
        Assert.Equal(1, row.Attempts);
        Assert.NotNull(row.SentAt);
    }

    [SkippableFact]
    public async Task Only_one_of_two_claims_on_a_message_succeeds_until_the_claim_expires()
    {
        await using var email = EmailTestServices.WithSmtp(_database, _smtp.Port);
        var id = (await email.EnqueueAsync((Recipient, DutchSubject, DutchText, null))).Single();
        await using var scopeA = email.Services.CreateAsyncScope();
        await using var scopeB = email.Services.CreateAsyncScope();
        var a = scopeA.ServiceProvider.GetRequiredService<OutboxDispatcher>();
        var b = scopeB.ServiceProvider.GetRequiredService<OutboxDispatcher>();

        var claimA = await a.TryClaimAsync(id, CancellationToken.None);
        var claimB = await b.TryClaimAsync(id, CancellationToken.None);

        Assert.Equal(EmailTestServices.Start.UtcDateTime + OutboxDispatcher.ClaimDuration, claimA);
        Assert.Null(claimB);
        Assert.Equal(claimA, (await email.ReadAsync(id)).LockedUntil);

        email.Time.Advance(OutboxDispatcher.ClaimDuration);
        Assert.Null(await b.TryClaimAsync(id, CancellationToken.None));
        email.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(await b.TryClaimAsync(id, CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_message_claimed_by_a_run_that_died_is_delivered_once_the_claim_has_expired()
    {
        await _smtp.StartAsync();
        await using var email = EmailTestServices.WithSmtp(_database, _smtp.Port);
        var id = (await email.EnqueueAsync((Recipient, DutchSubject, DutchText, null))).Single();
        await using (var crashed = email.Services.CreateAsyncScope())
        {
            Assert.NotNull(await crashed.ServiceProvider.GetRequiredService<OutboxDispatcher>().TryClaimAsync(id, CancellationToken.None));
        }

        await email.RunDispatcherAsync();
        Assert.Empty(_smtp.Received);

        email.Time.Advance(OutboxDispatcher.ClaimDuration + TimeSpan.FromSeconds(1));
        await email.RunDispatcherAsync();
        await email.RunDispatcherAsync();

        Assert.Single(_smtp.Received);
        Assert.NotNull((await email.ReadAsync(id)).SentAt);
    }

    [SkippableFact]
    public async Task A_failed_delivery_waits_for_its_backoff_and_is_then_delivered_once()
    {
        // The server's port is known but nothing listens yet: the connection is refused.
        await using var email = EmailTestServices.WithSmtp(_database, _smtp.Port);
        var id = (await email.EnqueueAsync((Recipient, DutchSubject, DutchText, DutchHtml))).Single();

        await email.RunDispatcherAsync();

        var failed = await email.ReadAsync(id);
        Assert.Equal(1, failed.Attempts);
        Assert.Null(failed.SentAt);
        Assert.Null(failed.FailedAt);
        Assert.Null(failed.LockedUntil);
        Assert.False(string.IsNullOrWhiteSpace(failed.LastError));
        Assert.Equal(EmailTestServices.Start.UtcDateTime + TimeSpan.FromMinutes(1), failed.NextAttemptAt);

        // The server is back, but the message is not due yet.
        await _smtp.StartAsync();
        email.Time.Advance(TimeSpan.FromSeconds(59));
        await email.RunDispatcherAsync();
        Assert.Empty(_smtp.Received);
        Assert.Equal(1, (await email.ReadAsync(id)).Attempts);

        email.Time.Advance(TimeSpan.FromSeconds(1));
        await email.RunDispatcherAsync();
        await email.RunDispatcherAsync();

        var received = Assert.Single(_smtp.Received);
        Assert.Equal(DutchSubject, received.Message.Subject);
        var sent = await email.ReadAsync(id);
        Assert.Equal(EmailTestServices.Start.UtcDateTime + TimeSpan.FromMinutes(1), sent.SentAt);
        Assert.Equal(2, sent.Attempts);
        Assert.Null(sent.LockedUntil);
        Assert.Null(sent.FailedAt);
        // The retry is the same message, so a receiver that saw a half-finished first attempt can drop it.
        Assert.Equal(OutboxMailBuilder.MessageId(sent, "techniekpact.nl"), received.Message.MessageId);
    }

    [SkippableFact]
    public async Task A_message_that_fails_max_attempts_times_is_marked_failed_and_not_tried_again()
    {
        await using var email = EmailTestServices.WithSmtp(_database, _smtp.Port, maxAttempts: 3);
        var id = (await email.EnqueueAsync((Recipient, DutchSubject, DutchText, null))).Single();

        await email.RunDispatcherAsync();
        Assert.Equal(EmailTestServices.Start.UtcDateTime.AddMinutes(1), (await email.ReadAsync(id)).NextAttemptAt);
        email.Time.Advance(TimeSpan.FromMinutes(1));
        await email.RunDispatcherAsync();
        Assert.Equal(EmailTestServices.Start.UtcDateTime.AddMinutes(1 + 5), (await email.ReadAsync(id)).NextAttemptAt);
        email.Time.Advance(TimeSpan.FromMinutes(5));
        await email.RunDispatcherAsync();

        var given = await email.ReadAsync(id);
        Assert.Equal(3, given.Attempts);
        Assert.Equal(EmailTestServices.Start.UtcDateTime.AddMinutes(6), given.FailedAt);
        Assert.Null(given.SentAt);
        Assert.Null(given.LockedUntil);
        Assert.False(string.IsNullOrWhiteSpace(given.LastError));

        await _smtp.StartAsync();
        email.Time.Advance(TimeSpan.FromDays(1));
        await email.RunDispatcherAsync();
        Assert.Empty(_smtp.Received);
        Assert.Equal(3, (await email.ReadAsync(id)).Attempts);
    }

    [Fact]
    public void The_wait_after_a_failure_grows_and_then_stays_at_four_hours()
    {
        Assert.Equal(
            new[] { 1, 5, 15, 60, 240, 240, 240 }.Select(m => TimeSpan.FromMinutes(m)),
            Enumerable.Range(1, 7).Select(OutboxDispatcher.BackoffAfter));
    }

    [Fact]
    public void A_long_error_is_cut_to_the_column_without_splitting_a_character()
    {
        var error = new InvalidOperationException(new string('x', OutboxDispatcher.MaxErrorLength - 27) + "😀" + new string('y', 100));
        var text = OutboxDispatcher.Describe(error);
        Assert.True(text.Length <= OutboxDispatcher.MaxErrorLength);
        Assert.False(char.IsHighSurrogate(text[^1]));
        Assert.StartsWith("InvalidOperationException: xxx", text);
    }
}
