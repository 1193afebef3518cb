using Commitments.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Commitments.Core.Persistence.Configurations;

internal sealed class DataVersionConfiguration : IEntityTypeConfiguration<DataVersion>
{
    public void Configure(EntityTypeBuilder<DataVersion> b)
    {
        b.Property(v => v.Id).ValueGeneratedNever();
        // The row exists from the migration on, so raising it is a single UPDATE.
        b.HasData(new DataVersion { Id = DataVersion.Summaries, Value = 0 });
    }
}
