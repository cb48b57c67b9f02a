import { expect } from 'chai';
import { DestinationsFileSchema, loadDestinationsFile } from '../../config/destinations.js';
import { findDestination, listDestinations } from '../../shared/organisation/destinations.js';

describe('destinations outside the Department', () => {
  it('lists the communes and wards of the new province, marked provisional while incomplete', () => {
    const communes = listDestinations({ kind: 'commune' });
    const wards = listDestinations({ kind: 'ward' });
    expect(wards).to.have.length(20);
    expect(communes.length).to.be.at.most(82);
    const file = loadDestinationsFile();
    if (communes.length + wards.length < file.localAuthorities.expectedCount) {
      expect(file.localAuthorities.provisional).to.equal(true);
    }
    expect(wards.map((ward) => ward.name)).to.include('Phường Mỹ Tho');
    expect(communes[0]).to.include({ name: 'Xã Tân Hồng', recipient: 'Phòng Văn hóa – Xã hội xã Tân Hồng' });
  });

  it('finds other provincial bodies by code, each with its source', () => {
    const agency = listDestinations({ kind: 'agency' })[0];
    expect(agency?.name).to.match(/tỉnh Đồng Tháp$/);
    expect(findDestination(agency!.code)).to.deep.equal(agency);
    expect(listDestinations({ kind: 'department' }).length).to.be.greaterThan(3);
    for (const destination of listDestinations()) expect(destination.source).to.have.length.greaterThan(3);
    expect(findDestination('NOPE')).to.equal(undefined);
  });

  it('refuses a complete-looking list that is short, and duplicate codes', () => {
    const file = loadDestinationsFile();
    const short = { ...file, localAuthorities: { ...file.localAuthorities, provisional: false } };
    expect(DestinationsFileSchema.safeParse(short).success).to.equal(false);
    const twice = { ...file, provincialBodies: [...file.provincialBodies, file.provincialBodies[0]] };
    expect(DestinationsFileSchema.safeParse(twice).success).to.equal(false);
  });
});
