using Commitments.Tests.Email;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Email;

namespace Commitments.Tests.Privacy;

/// <summary>
/// A delivered message's body (which may hold a reset or invitation link) is gone from the database;
/// and an SMTP outage delays mail without losing or doubling any, against a real server on loopback.
/// </summary>
public sealed class OutboxSecretsAndOutageTests : IAsyncLifetime
{
    private const string ResetLink = "https://toezeggingen.techniekpact.test/Account/ResetPassword?token=GEHEIM-123";

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
    public async Task A_delivered_reset_link_is_no_longer_readable_in_the_outbox_but_subject_recipient_and_time_stay()
    {
        await _smtp.StartAsync();
        await using var email = EmailTestServices.WithSmtp(_database, _smtp.Port);
        var id = (await email.EnqueueAsync(("jan@drenthe.test", "Wachtwoord opnieuw instellen", "Klik: " + ResetLink, $"<a href=\"{ResetLink}\">Klik</a>"))).Single();
        Assert.Contains(ResetLink, (await email.ReadAsync(id)).TextBody); // waiting: the body is needed

        await email.RunDispatcherAsync();

        var received = Assert.Single(_smtp.Received);
        Assert.Contains(ResetLink, received.Message.TextBody); // the recipient got the link
        var row = await email.ReadAsync(id);
        Assert.Equal(OutboxDispatcher.RedactedBody, row.TextBody);
        Assert.Null(row.HtmlBody);
        Assert.DoesNotContain("GEHEIM", row.TextBody);
        Assert.Equal("Wachtwoord opnieuw instellen", row.Subject);
        Assert.Equal("jan@drenthe.test", row.To);
        Assert.Equal(EmailTestServices.Start.UtcDateTime, row.SentAt);
    }

    [SkippableFact]
    public async Task When_the_mail_server_is_down_for_a_while_every_message_arrives_exactly_once_after_it_is_back()
    {
        await _smtp.StartAsync();
        await using var email = EmailTestServices.WithSmtp(_database, _smtp.Port, batchSize: 3);
        var before = await email.EnqueueAsync(Messages(1, 2));
        await email.RunDispatcherAsync();
        Assert.Equal(2, _smtp.Received.Count);

        // The server goes down; more mail is queued; runs fail and back off (1, 5, 15 minutes).
        await _smtp.StopAsync();
        var during = await email.EnqueueAsync(Messages(3, 7));
        foreach (var wait in new[] { 0, 1, 5, 15 })
        {
            email.Time.Advance(TimeSpan.FromMinutes(wait));
            await email.RunDispatcherAsync();
        }
        Assert.Equal(2, _smtp.Received.Count);
        var waiting = (await email.ReadAllAsync()).Where(m => during.Contains(m.Id)).ToList();
        Assert.All(waiting, m =>
        {
            Assert.Null(m.SentAt);
            Assert.Null(m.FailedAt);
            Assert.Equal(4, m.Attempts);
            Assert.False(string.IsNullOrEmpty(m.LastError));
            Assert.Contains("Klik", m.TextBody); // not sent, so still whole
        });

        // Back again; the next attempt is due after the 60-minute back-off. Runs repeat (two servers, retries).
        await _smtp.StartAsync();
        email.Time.Advance(TimeSpan.FromMinutes(30));
        await email.RunDispatcherAsync();
        Assert.Equal(2, _smtp.Received.Count);
        email.Time.Advance(TimeSpan.FromMinutes(30));
        await Task.WhenAll(email.RunDispatcherAsync(), email.RunDispatcherAsync());
        await email.RunDispatcherAsync();

        var subjects = _smtp.Received.Select(r => r.Message.Subject).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"Bericht {i:00}"), subjects);
        var rows = await email.ReadAllAsync();
        Assert.Equal(before.Concat(during), rows.Select(r => r.Id));
        Assert.All(rows, r =>
        {
            Assert.NotNull(r.SentAt);
            Assert.Null(r.FailedAt);
            Assert.Equal(OutboxDispatcher.RedactedBody, r.TextBody);
        });
    }

    private static (string To, string Subject, string Text, string? Html)[] Messages(int from, int to) =>
        Enumerable.Range(from, to - from + 1)
            .Select(i => ($"partner{i}@drenthe.test", $"Bericht {i:00}", $"Klik: {ResetLink}{i}", (string?)null))
            .ToArray();
}
