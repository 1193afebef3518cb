using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Commitments.Core.Persistence.Configurations;

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.Property(r => r.Code).HasMaxLength(40);
        b.Property(r => r.Name).HasMaxLength(100);
        b.HasIndex(r => r.Code).IsUnique();
        b.HasMany(r => r.Provinces).WithOne(p => p.Region).HasForeignKey(p => p.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProvinceConfiguration : IEntityTypeConfiguration<Province>
{
    public void Configure(EntityTypeBuilder<Province> b)
    {
        b.Property(p => p.Name).HasMaxLength(100);
        b.HasIndex(p => p.Name).IsUnique();
    }
}

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.Property(o => o.Name).HasMaxLength(200);
        b.Property(o => o.Type).HasConversion<string>().HasMaxLength(40);
        b.Property(o => o.KvkNumber).HasMaxLength(8).IsUnicode(false);
        b.HasIndex(o => o.KvkNumber).IsUnique();
        // Who has not reported lists organisations by name: with these indexes (a lead's region by
        // name, the nation by name) and the commitments' by organisation and title the database reads
        // a page in order instead of sorting the scope. The first also serves the region's foreign key
        // and the leads' tenancy predicate.
        b.HasIndex(o => new { o.RegionId, o.Name });
        b.HasIndex(o => o.Name);
        b.HasOne(o => o.Region).WithMany().HasForeignKey(o => o.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(o => o.Province).WithMany().HasForeignKey(o => o.ProvinceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ThemeConfiguration : IEntityTypeConfiguration<Theme>
{
    public void Configure(EntityTypeBuilder<Theme> b)
    {
        b.Property(t => t.Name).HasMaxLength(150);
        b.Property(t => t.Description).HasMaxLength(2000);
        b.HasIndex(t => t.Name).IsUnique();
        b.HasMany(t => t.Cycles).WithMany(c => c.Themes).UsingEntity("ReportingCycleThemes");
    }
}

internal sealed class ReportingCycleConfiguration : IEntityTypeConfiguration<ReportingCycle>
{
    public void Configure(EntityTypeBuilder<ReportingCycle> b)
    {
        b.HasIndex(c => c.Year).IsUnique();
    }
}

internal sealed class CommitmentConfiguration : IEntityTypeConfiguration<Commitment>
{
    public const string ThemesJoinTable = "CommitmentThemes";
    public const string ThemesJoinCommitmentKey = "CommitmentId";

    public void Configure(EntityTypeBuilder<Commitment> b)
    {
        b.Property(c => c.Title).HasMaxLength(Commitment.TitleMaxLength);
        b.Property(c => c.Description).HasMaxLength(Commitment.DescriptionMaxLength);
        b.Property(c => c.InKindDescription).HasMaxLength(Commitment.InKindMaxLength);
        b.Property(c => c.ContactName).HasMaxLength(Commitment.ContactNameMaxLength);
        b.Property(c => c.ContactEmail).HasMaxLength(Commitment.ContactEmailMaxLength);
        b.Property(c => c.WithdrawalReason).HasMaxLength(Commitment.ReasonMaxLength);
        b.Property(c => c.ReturnComment).HasMaxLength(Commitment.ReasonMaxLength);
        b.Property(c => c.LeadSharePercent).HasPrecision(5, 2);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => new { c.OrganizationId, c.Status });
        b.HasIndex(c => c.ReportingCycleId);
        // Lists are ordered by title; with this index the database reads a page of 50 in order
        // instead of sorting every visible commitment (20,000 for a ministry) on each request.
        b.HasIndex(c => new { c.Title, c.Id });
        // A list filtered by status (approved, submitted for review) in the same order, and the review
        // queue's count of submitted commitments, without reading every commitment.
        b.HasIndex(c => new { c.Status, c.Title, c.Id });
        // Who has not reported: an organisation's commitments by title, after the organisations by name
        // (docs/performance.md, "Review queue and who has not reported, second pass").
        b.HasIndex(c => new { c.OrganizationId, c.Title });
        // The lead partner owns the commitment, and with it everything that hangs off it (tenancy).
        b.HasOne(c => c.Organization).WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict)
            .OwnedByOrganization();
        b.HasOne(c => c.ReportingCycle).WithMany().HasForeignKey(c => c.ReportingCycleId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Themes).WithMany().UsingEntity(ThemesJoinTable);
        b.HasMany(c => c.CoPartners).WithOne(p => p.Commitment).HasForeignKey(p => p.CommitmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Indicators).WithOne(i => i.Commitment).HasForeignKey(i => i.CommitmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.ProgressUpdates).WithOne(u => u.Commitment).HasForeignKey(u => u.CommitmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Reviews).WithOne(r => r.Commitment).HasForeignKey(r => r.CommitmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CommitmentCoPartnerConfiguration : IEntityTypeConfiguration<CommitmentCoPartner>
{
    public void Configure(EntityTypeBuilder<CommitmentCoPartner> b)
    {
        b.HasKey(p => new { p.CommitmentId, p.OrganizationId });
        b.Property(p => p.SharePercent).HasPrecision(5, 2);
        b.Property(p => p.Response).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(p => p.OrganizationId);
        b.HasOne(p => p.Organization).WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IndicatorConfiguration : IEntityTypeConfiguration<Indicator>
{
    public void Configure(EntityTypeBuilder<Indicator> b)
    {
        b.Property(i => i.Name).HasMaxLength(300);
        b.Property(i => i.Unit).HasMaxLength(60);
    }
}

internal sealed class ProgressUpdateConfiguration : IEntityTypeConfiguration<ProgressUpdate>
{
    public void Configure(EntityTypeBuilder<ProgressUpdate> b)
    {
        b.Property(u => u.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(u => u.Health).HasConversion<string>().HasMaxLength(20);
        b.Property(u => u.Narrative).HasMaxLength(8000);
        b.Property(u => u.EvidenceUrl).HasMaxLength(1000);
        b.Property(u => u.Version).IsConcurrencyToken();
        // One progress update per commitment per cycle.
        b.HasIndex(u => new { u.CommitmentId, u.ReportingCycleId }).IsUnique();
        b.HasIndex(u => u.ReportingCycleId);
        // The review queue's submitted progress updates, oldest first (docs/performance.md).
        b.HasIndex(u => new { u.Status, u.SubmittedAt });
        b.HasOne(u => u.ReportingCycle).WithMany().HasForeignKey(u => u.ReportingCycleId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(u => u.Values).WithOne(v => v.ProgressUpdate).HasForeignKey(v => v.ProgressUpdateId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(u => u.Evidence).WithOne(e => e.ProgressUpdate).HasForeignKey(e => e.ProgressUpdateId).OnDelete(DeleteBehavior.Cascade);
        b.Property(u => u.ReturnComment).HasMaxLength(Commitment.ReasonMaxLength);
    }
}

internal sealed class IndicatorValueConfiguration : IEntityTypeConfiguration<IndicatorValue>
{
    public void Configure(EntityTypeBuilder<IndicatorValue> b)
    {
        b.HasKey(v => new { v.ProgressUpdateId, v.IndicatorId });
        b.HasIndex(v => v.IndicatorId);
        // Deleting an indicator removes its reported values; the database must not cascade twice
        // (commitment → indicator → value and commitment → update → value), so this one is Restrict
        // in the schema and done by the application.
        b.HasOne(v => v.Indicator).WithMany().HasForeignKey(v => v.IndicatorId).OnDelete(DeleteBehavior.ClientCascade);
    }
}

internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> b)
    {
        b.Property(r => r.Decision).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Comment).HasMaxLength(4000);
        b.Property(r => r.ReviewerUserId).HasMaxLength(450);
        b.HasOne(r => r.ProgressUpdate).WithMany().HasForeignKey(r => r.ProgressUpdateId).OnDelete(DeleteBehavior.ClientCascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(r => r.ReviewerUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.CommitmentId, r.DecidedAt });
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.Action).HasMaxLength(80);
        b.Property(a => a.EntityType).HasMaxLength(80);
        b.Property(a => a.EntityId).HasMaxLength(80);
        b.Property(a => a.UserId).HasMaxLength(450);
        b.Property(a => a.UserName).HasMaxLength(256);
        b.HasIndex(a => new { a.EntityType, a.EntityId });
        b.HasIndex(a => a.OrganizationId);
    }
}

internal sealed class AnnualReportConfiguration : IEntityTypeConfiguration<AnnualReport>
{
    public void Configure(EntityTypeBuilder<AnnualReport> b)
    {
        b.Property(r => r.FileName).HasMaxLength(200);
        b.Property(r => r.Sha256).HasMaxLength(64).IsUnicode(false);
        b.Property(r => r.FrozenByUserId).HasMaxLength(450);
        b.Property(r => r.FrozenByName).HasMaxLength(256);
        b.HasIndex(r => new { r.ReportingCycleId, r.RegionId }).IsUnique();
        b.HasOne(r => r.ReportingCycle).WithMany().HasForeignKey(r => r.ReportingCycleId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(r => r.Region).WithMany().HasForeignKey(r => r.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReportRunConfiguration : IEntityTypeConfiguration<ReportRun>
{
    public void Configure(EntityTypeBuilder<ReportRun> b)
    {
        b.Property(r => r.RequestedByUserId).HasMaxLength(450);
        b.Property(r => r.RequestedByName).HasMaxLength(256);
        b.Property(r => r.Scope).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.FileName).HasMaxLength(200);
        b.Property(r => r.Error).HasMaxLength(2000);
        b.HasIndex(r => new { r.RequestedByUserId, r.Id });
        b.HasIndex(r => r.RequestedAt);
        b.HasOne(r => r.ReportingCycle).WithMany().HasForeignKey(r => r.ReportingCycleId).OnDelete(DeleteBehavior.Cascade);
        // Owned by value (its region or organisation, filtered in the context), like AnnualReport: a
        // run is written by its job and by the request page in a visibly widened scope only.
        b.HasOne<Region>().WithMany().HasForeignKey(r => r.RegionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.Property(m => m.To).HasMaxLength(320);
        b.Property(m => m.Subject).HasMaxLength(300);
        b.Property(m => m.LastError).HasMaxLength(2000);
        b.HasIndex(m => new { m.SentAt, m.NextAttemptAt });
    }
}

internal sealed class ReminderLogConfiguration : IEntityTypeConfiguration<ReminderLog>
{
    public void Configure(EntityTypeBuilder<ReminderLog> b)
    {
        b.Property(l => l.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(l => l.Recipient).HasMaxLength(320);
        // The database itself guarantees that the same reminder never goes out twice.
        b.HasIndex(l => new { l.CommitmentId, l.ReportingCycleId, l.Kind, l.Recipient }).IsUnique();
        b.HasOne<ReportingCycle>().WithMany().HasForeignKey(l => l.ReportingCycleId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(l => l.Commitment).WithMany().HasForeignKey(l => l.CommitmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.Property(i => i.Email).HasMaxLength(320);
        b.Property(i => i.Role).HasMaxLength(40);
        b.Property(i => i.TokenHash).HasMaxLength(64).IsUnicode(false);
        b.Property(i => i.InvitedByUserId).HasMaxLength(450);
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.HasOne(i => i.Organization).WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Restrict)
            .OwnedByOrganization();
        b.HasOne(i => i.Region).WithMany().HasForeignKey(i => i.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.Property(u => u.Culture).HasMaxLength(10);
        b.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Region>().WithMany().HasForeignKey(u => u.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(u => u.OrganizationId);
    }
}

internal sealed class ProgressEvidenceConfiguration : IEntityTypeConfiguration<ProgressEvidence>
{
    public void Configure(EntityTypeBuilder<ProgressEvidence> b)
    {
        b.Property(e => e.Url).HasMaxLength(ProgressEvidence.UrlMaxLength);
        b.Property(e => e.FileName).HasMaxLength(ProgressEvidence.FileNameMaxLength);
        b.Property(e => e.StoredName).HasMaxLength(100).IsUnicode(false);
        b.Property(e => e.ContentType).HasMaxLength(100).IsUnicode(false);
        b.HasIndex(e => e.ProgressUpdateId);
    }
}

internal sealed class DigestLogConfiguration : IEntityTypeConfiguration<DigestLog>
{
    public void Configure(EntityTypeBuilder<DigestLog> b)
    {
        b.Property(l => l.Recipient).HasMaxLength(320);
        b.Property(l => l.Kind).HasMaxLength(40);
        // The database itself guarantees one digest per recipient per week.
        b.HasIndex(l => new { l.Recipient, l.Kind, l.WeekOf }).IsUnique();
    }
}
