using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Email;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Email;

/// <summary>Queueing: part of the caller's save, and only for addresses that can be delivered to.</summary>
public sealed class EmailOutboxTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [SkippableTheory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("jan")]
    [InlineData("jan@")]
    [InlineData("@provincie-drenthe.nl")]
    [InlineData("jan@@provincie-drenthe.nl")]
    [InlineData("jan provincie-drenthe.nl")]
    [InlineData("jan@provincie-drenthe.nl, piet@provincie-drenthe.nl")]
    [InlineData("jan@provincie-drenthe.nl\r\nBcc: piet@example.nl")]
    [InlineData("Jan <jan@provincie-drenthe.nl")]
    public async Task An_invalid_address_is_refused_and_nothing_is_queued(string address)
    {
        await using var email = EmailTestServices.WithPickupFolder(_database);
        await using (var scope = email.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<IEmailOutbox>();
            var db = scope.ServiceProvider.GetRequiredService<CommitmentsDbContext>();

            var error = Assert.Throws<ArgumentException>(() => outbox.Enqueue(address, "Uitnodiging", "Welkom"));

            Assert.Equal("to", error.ParamName);
            Assert.Contains("not a valid e-mail address", error.Message);
            Assert.Empty(db.ChangeTracker.Entries<OutboxMessage>());
            await db.SaveChangesAsync();
        }
        Assert.Empty(await email.ReadAllAsync());
    }

    [SkippableFact]
    public async Task A_message_is_queued_only_when_the_caller_saves()
    {
        await using var email = EmailTestServices.WithPickupFolder(_database);
        await using (var scope = email.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<IEmailOutbox>()
                .Enqueue("Jan de Vriës <jan.devries@provincie-drenthe.nl>", "Toezegging ‘3/4’ — één", "Tekst");
            // The caller's change failed or was abandoned: no save, so no e-mail.
        }
        Assert.Empty(await email.ReadAllAsync());

        await using (var scope = email.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<IEmailOutbox>()
                .Enqueue("Jan de Vriës <jan.devries@provincie-drenthe.nl>", "Toezegging ‘3/4’ — één", "Tekst", "<p>Tekst</p>");
            await scope.ServiceProvider.GetRequiredService<CommitmentsDbContext>().SaveChangesAsync();
        }
        var row = Assert.Single(await email.ReadAllAsync());
        Assert.Equal("Jan de Vriës <jan.devries@provincie-drenthe.nl>", row.To);
        Assert.Equal("Toezegging ‘3/4’ — één", row.Subject);
        Assert.Equal("<p>Tekst</p>", row.HtmlBody);
        Assert.Equal(EmailTestServices.Start.UtcDateTime, row.CreatedAt);
        Assert.Equal(EmailTestServices.Start.UtcDateTime, row.NextAttemptAt);
        Assert.Equal(0, row.Attempts);
        Assert.Null(row.SentAt);
    }

    [SkippableTheory]
    [InlineData("")]
    [InlineData("Regel één\r\nBcc: piet@example.nl")]
    public async Task A_missing_or_multi_line_subject_is_refused(string subject)
    {
        await using var email = EmailTestServices.WithPickupFolder(_database);
        await using var scope = email.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IEmailOutbox>();
        var error = Assert.Throws<ArgumentException>(() => outbox.Enqueue("jan@provincie-drenthe.nl", subject, "Tekst"));
        Assert.Equal("subject", error.ParamName);
    }
}
